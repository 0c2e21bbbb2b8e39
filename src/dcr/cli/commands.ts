import { readFileSync } from 'node:fs';
import { AdminClient } from './admin-client';
import { allowOptions, integerOption, option, ParsedArguments, UsageError } from './arguments';

/** What a command needs: the parsed line and clients for the admin API and the registration endpoint. @internal */
export interface CommandContext {
  args: ParsedArguments;
  admin: AdminClient;
  adminPath: string;
  registrationPath: string;
}

/** One CLI command: its usage line and what it does; the result is printed (JSON, or as text by `render`). @internal */
export interface Command {
  usage: string;
  run(context: CommandContext): Promise<unknown>;
  /** Human-readable lines; absent: the JSON. */
  render?(result: unknown): string;
}

type Resource = { id: string; attributes: Record<string, unknown> };
type Document = { data: Resource | Resource[]; meta?: { page?: { nextCursor?: string | null } } };

/** The commands, by their words. @internal */
export const COMMANDS: Record<string, Command> = {
  'clients list': {
    usage: 'clients list [--name TEXT] [--label LABEL] [--locked | --unlocked] [--software-id ID] [--server ID] [--sort ORDER] [--limit N] [--cursor CURSOR]',
    run: ({ args, admin, adminPath }) => {
      allowOptions(args, ['name', 'label', 'locked', 'unlocked', 'software-id', 'server', 'sort', 'limit', 'cursor']);
      if (args.options.has('locked') && args.options.has('unlocked')) throw new UsageError('give --locked or --unlocked, not both');
      const query = new URLSearchParams();
      const add = (name: string, value: string | number | undefined) => value !== undefined && query.set(name, String(value));
      add('name', option(args, 'name'));
      add('label', option(args, 'label'));
      if (args.options.has('locked')) add('locked', 'true');
      if (args.options.has('unlocked')) add('locked', 'false');
      add('softwareId', option(args, 'software-id'));
      add('authorizationServer', option(args, 'server'));
      add('sort', option(args, 'sort'));
      add('limit', integerOption(args, 'limit'));
      add('cursor', option(args, 'cursor'));
      return admin.call('GET', `${adminPath}?${query}`);
    },
    render: (result) => {
      const document = result as Document;
      const lines = (document.data as Resource[]).map((client) => {
        const a = client.attributes;
        return [client.id, a.displayName, a.label ?? '-', a.locked ? 'locked' : 'active', a.createdAt].join('\t');
      });
      const next = document.meta?.page?.nextCursor;
      return [...lines, ...(next ? [`next page: --cursor ${next}`] : [])].join('\n');
    },
  },
  'clients get': {
    usage: 'clients get CLIENT_ID',
    run: ({ args, admin, adminPath }) => admin.call('GET', `${adminPath}/${idOf(args)}`),
    render: attributesOf,
  },
  'clients update': {
    usage: 'clients update CLIENT_ID [--name NAME] [--label LABEL] [--description TEXT]',
    run: ({ args, admin, adminPath }) => {
      allowOptions(args, ['name', 'label', 'description']);
      const changes: Record<string, string> = {};
      for (const [flag, attribute] of [['name', 'displayName'], ['label', 'label'], ['description', 'description']] as const) {
        const value = option(args, flag);
        if (value !== undefined) changes[attribute] = value;
      }
      if (Object.keys(changes).length === 0) throw new UsageError('give at least one of --name, --label, --description');
      return admin.call('PATCH', `${adminPath}/${idOf(args)}`, changes);
    },
    render: attributesOf,
  },
  'clients lock': {
    usage: 'clients lock CLIENT_ID --reason TEXT',
    run: ({ args, admin, adminPath }) => {
      allowOptions(args, ['reason']);
      const reason = option(args, 'reason');
      if (reason === undefined) throw new UsageError('--reason is required');
      return admin.call('POST', `${adminPath}/${idOf(args)}/lock`, { reason });
    },
    render: attributesOf,
  },
  'clients unlock': {
    usage: 'clients unlock CLIENT_ID',
    run: ({ args, admin, adminPath }) => admin.call('DELETE', `${adminPath}/${idOf(args)}/lock`),
    render: attributesOf,
  },
  'clients history': {
    usage: 'clients history CLIENT_ID',
    run: ({ args, admin, adminPath }) => admin.call('GET', `${adminPath}/${idOf(args)}/lock-history`),
    render: (result) =>
      ((result as Document).data as Resource[]).map((event) => [event.attributes.date, event.attributes.action, event.attributes.reason ?? ''].join('\t')).join('\n'),
  },
  'clients rotate-secret': {
    usage: 'clients rotate-secret CLIENT_ID [--grace-seconds N]',
    run: ({ args, admin, adminPath }) => {
      allowOptions(args, ['grace-seconds']);
      const grace = integerOption(args, 'grace-seconds');
      return admin.call('POST', `${adminPath}/${idOf(args)}/secret`, grace === undefined ? {} : { gracePeriodSeconds: grace });
    },
    render: (result) => {
      const a = ((result as Document).data as Resource).attributes;
      return [`client_secret: ${a.clientSecret}`, `client_secret_expires_at: ${a.clientSecretExpiresAt}`, `previous secret valid until: ${a.previousSecretValidUntil ?? 'revoked now'}`, 'The secret is shown once.'].join('\n');
    },
  },
  'clients delete': {
    usage: 'clients delete CLIENT_ID --yes',
    run: async ({ args, admin, adminPath }) => {
      allowOptions(args, ['yes']);
      if (!args.options.has('yes')) throw new UsageError('deleting a client cannot be undone: add --yes');
      await admin.call('DELETE', `${adminPath}/${idOf(args)}`);
      return { deleted: idOf(args) };
    },
    render: (result) => `deleted ${(result as { deleted: string }).deleted}`,
  },
  'tokens issue': {
    usage: 'tokens issue [--label TEXT] [--max-uses N] [--expires-in SECONDS] [--profile FILE.json] [--server ID]',
    run: ({ args, admin, adminPath }) => {
      allowOptions(args, ['label', 'max-uses', 'expires-in', 'profile', 'server']);
      const body: Record<string, unknown> = {};
      if (option(args, 'label') !== undefined) body.label = option(args, 'label');
      if (integerOption(args, 'max-uses') !== undefined) body.maxUses = integerOption(args, 'max-uses');
      if (integerOption(args, 'expires-in') !== undefined) body.expiresInSeconds = integerOption(args, 'expires-in');
      if (option(args, 'profile') !== undefined) body.profile = readJsonFile(option(args, 'profile')!);
      if (option(args, 'server') !== undefined) body.authorizationServer = option(args, 'server');
      return admin.call('POST', `${adminPath}/initial-access-tokens`, body);
    },
    render: (result) => {
      const data = (result as Document).data as Resource;
      return [`id: ${data.id}`, `token: ${data.attributes.token}`, 'The token is shown once.'].join('\n');
    },
  },
  'tokens list': {
    usage: 'tokens list [--server ID] [--limit N] [--before CURSOR]',
    run: ({ args, admin, adminPath }) => {
      allowOptions(args, ['server', 'limit', 'before']);
      const query = new URLSearchParams();
      if (option(args, 'server') !== undefined) query.set('authorizationServer', option(args, 'server')!);
      if (integerOption(args, 'limit') !== undefined) query.set('limit', String(integerOption(args, 'limit')));
      if (option(args, 'before') !== undefined) query.set('before', option(args, 'before')!);
      return admin.call('GET', `${adminPath}/initial-access-tokens?${query}`);
    },
    render: (result) =>
      ((result as Document).data as Resource[])
        .map((token) => [token.id, token.attributes.label ?? '-', `${token.attributes.uses}/${token.attributes.maxUses ?? '∞'}`, token.attributes.revokedAt ? 'revoked' : 'valid'].join('\t'))
        .join('\n'),
  },
  'tokens revoke': {
    usage: 'tokens revoke TOKEN_ID',
    run: ({ args, admin, adminPath }) => admin.call('DELETE', `${adminPath}/initial-access-tokens/${idOf(args)}`),
    render: (result) => `revoked ${((result as Document).data as Resource).id}`,
  },
  register: {
    usage: 'register METADATA.json [--initial-access-token TOKEN]',
    run: ({ args, admin, registrationPath }) => {
      allowOptions(args, ['initial-access-token']);
      const file = args.words[1];
      if (file === undefined || args.words.length > 2) throw new UsageError('give one metadata file');
      // The registration endpoint takes an initial access token, never the admin token.
      return admin.call('POST', registrationPath, readJsonFile(file), option(args, 'initial-access-token') ?? '');
    },
  },
};

/** The one id after the command's words. */
function idOf(args: ParsedArguments): string {
  const id = args.words[2];
  if (id === undefined || args.words.length > 3) throw new UsageError('give one id');
  return encodeURIComponent(id);
}

function attributesOf(result: unknown): string {
  const data = (result as Document).data as Resource;
  return [`id: ${data.id}`, ...Object.entries(data.attributes).map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)].join('\n');
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not valid JSON`);
  }
}
