import { Inject, Injectable, Logger } from '@nestjs/common';
import { CredentialIssuer } from '../credentials/credential-issuer';
import { IdentityGenerator } from '../credentials/identity-generator';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { ClientMetadataDocumentError } from '../errors/client-metadata-document.error';
import { ConflictError } from '../errors/conflict.error';
import { AccessDeniedError, InvalidClientMetadataError, InvalidSoftwareStatementError, InvalidTokenError } from '../errors/dcr.error';
import type { TechClientEvent } from '../events/tech-client-event';
import { TechClientEvents } from '../events/tech-client-events';
import { StagedEvent, withEventId } from '../persistence/change-outbox';
import { applyInitialAccessProfile, updateProfile } from '../initial-access/initial-access-profile';
import { InitialAccessTokenStore } from '../initial-access/initial-access-token.store';
import { InitialAccessGrant, InitialAccessTokenVerifier } from '../initial-access/initial-access-token.verifier';
import type { RegistrationTier, ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';
import { ClientQuotas, QuotaExceededError } from '../persistence/client-counters';
import { ClientArrival, TechClientEntity, TechClientSource } from '../persistence/tech-client.entity';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { isVouched, tierOf } from '../trust/client-arrival';
import { reservedNameResembled } from '../trust/reserved-names';
import { clientNamesOf } from '../vocabulary/client-vocabulary';
import { webRedirectHostsOf } from '../vocabulary/redirect-hosts';
import { arrivalOf, narrowForTier, recordTier } from './tier.rules';
import { ClientIdConflictError, InitialAccessTokenExhaustedError, TechClientChanges, TechClientStore } from '../persistence/tech-client.store';
import type { ProcessingContext, ProcessingOperation } from '../processors/processing-context';
import { RegistrationPipeline } from '../processors/registration.pipeline';
import { SecretDigester } from '../secrets/secret-digester';
import { SoftwareStatementVerifier } from '../software-statement/software-statement.verifier';
import { isUrlClientId } from '../vocabulary/client-id-url';
import { CLIENT_ID_MAX_LENGTH } from '../vocabulary/client-vocabulary';
import { registrationColumns } from './client-columns';
import { ClientInformation, toClientInformation } from './client-information';
import { logLine } from '../logging/log-line';
import { assertClientMetadataShape } from './client-metadata.bounds';
import { assertNoSharedSecret, assertRedirectHosts, assertRequiredMembers, documentMetadata } from './metadata-document.rules';
import { registrationClientUri } from './registration-client-uri';

/*
 * What happens to a client that arrives, is read, changes or leaves: each verb is a list of small
 * named steps, run in order on one `FlowState`. The lists are at the top; the steps follow in the
 * order they first appear. A new way for a client to arrive is one more list of these steps.
 */

/** RFC 7591 §3: POST to the registration endpoint. */
export const REGISTER: readonly FlowStep[] = [
  boundMetadata,
  verifyInitialAccessToken,
  mergeSoftwareStatement,
  establishTier,
  limitTierRate,
  runProcessors,
  applyPresentedTokenProfile,
  applyTierScopes,
  refuseReservedName,
  issueCredentials,
  insertClient,
  publishCreated,
  answerClientInformation,
];

/** RFC 7592 §2.1: GET on the client configuration endpoint. */
export const READ: readonly FlowStep[] = [
  authorizeRegistrationAccessToken,
  rotateRegistrationAccessToken,
  answerClientInformation,
];

/** RFC 7592 §2.2: PUT, a full replacement that runs every rule of a registration again. */
export const UPDATE: readonly FlowStep[] = [
  authorizeRegistrationAccessToken,
  refuseLockedClient,
  boundUpdateMetadata,
  matchClientIdentity,
  mergeSoftwareStatement,
  keepRegisteredTier,
  runProcessors,
  applyRegisteredTokenProfile,
  applyTierScopes,
  refuseReservedName,
  reissueCredentials,
  saveChanges,
  publishUpdated,
  answerClientInformation,
];

/** RFC 7592 §2.3: DELETE; at once the client, its secret and its token stop working. */
export const DELETE: readonly FlowStep[] = [
  authorizeRegistrationAccessToken,
  refuseLockedClient,
  deleteClient,
  publishDeleted,
];

/**
 * draft-ietf-oauth-client-id-metadata-document: a client known by the URL of its metadata
 * document, fetched by `ClientMetadataDocumentResolver`; stored on first use, changed when the
 * document changes. The same processors as a registration; no credentials are issued.
 */
export const RESOLVE_DOCUMENT: readonly FlowStep[] = [
  boundDocument,
  requireDocumentMembers,
  keepRedirectUrisOnDocumentHost,
  runProcessors,
  refuseSharedSecret,
  refuseReservedName,
  storeDocumentClient,
  publishDocumentClient,
];

/** What a request brings to a verb. @internal */
export interface FlowInput {
  serverId: string;
  /** `scheme://host` the client used; base of `registration_client_uri` unless `issuer` is set. */
  baseUrl: string;
  /** The parsed JSON body (register, update). */
  body?: unknown;
  /** RFC 7591 §3 initial access token (register). */
  initialAccessToken?: string;
  /** The client of the configuration endpoint and its registration access token (read, update, delete); the document URL. */
  clientId?: string;
  registrationAccessToken?: string;
  /** The client stored from this document before, if any (resolve document). */
  stored?: TechClientEntity;
  /** The client's address after `trustedProxyHops` (register: the tier's per-address limit). */
  clientAddress?: string;
}

/** What one run carries from step to step. @internal */
export interface FlowState {
  readonly input: FlowInput;
  readonly server: ResolvedServerOptions;
  readonly now: number;
  /** The metadata the processors see: the bounded body, then with the software statement's claims. */
  metadata?: Record<string, unknown>;
  grant?: InitialAccessGrant;
  softwareStatement?: string;
  /** How the client arrives (or arrived), and who vouched for it. */
  arrival?: ClientArrival;
  vouchedBy?: string | null;
  /** The registration tier, when the server has `tiers`. */
  tier?: RegistrationTier;
  context?: ProcessingContext;
  /** The client as stored before this request (read, update, delete). */
  stored?: TechClientEntity;
  /** The client as it is after this request. */
  client?: TechClientEntity;
  changes?: TechClientChanges;
  /** What this run changed, for the event (resolve document). */
  change?: 'created' | 'updated';
  /** The change's event, made before the write that stores it in the outbox; published after commit. */
  event?: StagedEvent;
  /** Credentials made by this request: shown once, in its answer. */
  issued: { clientSecret?: string; registrationAccessToken?: string };
  answer?: ClientInformation;
}

/** What the steps use. @internal */
export interface FlowTools {
  pipeline: RegistrationPipeline;
  identities: IdentityGenerator;
  credentials: CredentialIssuer;
  initialAccess: InitialAccessTokenVerifier;
  issuedTokens: InitialAccessTokenStore;
  statements: SoftwareStatementVerifier;
  store: TechClientStore;
  digester: SecretDigester;
  events: TechClientEvents;
  limiter: RateLimiter;
  logger: Logger;
}

/** One named step of a verb. @internal */
export type FlowStep = (state: FlowState, tools: FlowTools) => void | Promise<void>;

/** Runs a verb's steps in order; the first that throws ends the run. @internal */
@Injectable()
export class RegistrationFlow {
  private readonly tools: FlowTools;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    pipeline: RegistrationPipeline,
    identities: IdentityGenerator,
    credentials: CredentialIssuer,
    initialAccess: InitialAccessTokenVerifier,
    issuedTokens: InitialAccessTokenStore,
    statements: SoftwareStatementVerifier,
    store: TechClientStore,
    digester: SecretDigester,
    events: TechClientEvents,
    limiter: RateLimiter,
  ) {
    const logger = new Logger('DcrRegistration');
    this.tools = { pipeline, identities, credentials, initialAccess, issuedTokens, statements, store, digester, events, limiter, logger };
  }

  /** The server's resolved options; throws for an id the module was not configured with. */
  server(serverId: string): ResolvedServerOptions {
    const server = this.options.servers.get(serverId);
    if (!server) throw new Error(`Unknown authorization server "${serverId}"`);
    return server;
  }

  async run(steps: readonly FlowStep[], input: FlowInput): Promise<FlowState> {
    const state: FlowState = {
      input,
      server: this.server(input.serverId),
      now: Date.now(),
      issued: {},
    };
    for (const step of steps) await step(state, this.tools);
    return state;
  }
}

/** RFC 7592 §2.2: values the server sets, which an update request must not carry. */
const UPDATE_FORBIDDEN = ['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at'];
/** Attempts at a fresh `client_id` before giving up (a collision means a broken generator). */
const MAX_ID_ATTEMPTS = 5;
const CONCURRENT_CHANGE = 'the registration was changed concurrently; read it again and retry';

/** A JSON object within the size caps, well-formed text, known fields of the right type, no server-assigned field. */
function boundMetadata(state: FlowState): void {
  const body = state.input.body;
  assertClientMetadataShape(body);
  state.metadata = body;
}

/** RFC 7591 §3: the initial access token, when the server asks for one (or one is presented). */
async function verifyInitialAccessToken(state: FlowState, { initialAccess }: FlowTools): Promise<void> {
  state.grant = await initialAccess.verify(state.input.initialAccessToken, state.server);
}

/** RFC 7591 §2.3: a verified statement's claims take precedence over the same fields in the body. */
async function mergeSoftwareStatement(state: FlowState, { statements }: FlowTools): Promise<void> {
  const statement = state.server.softwareStatement ? state.metadata!.software_statement : undefined;
  if (typeof statement === 'string') {
    const claims = await statements.verify(statement, state.server);
    const merged = { ...state.metadata!, ...claims, software_statement: statement };
    assertClientMetadataShape(merged);
    state.metadata = merged;
    state.softwareStatement = statement;
  } else if (state.server.softwareStatement?.required) {
    throw new InvalidSoftwareStatementError('software_statement: required');
  }
}

/** Every metadata processor, in the pipeline's order; the decision report notes the statement. */
async function runProcessors(state: FlowState, { pipeline }: FlowTools): Promise<void> {
  const operation: ProcessingOperation = state.stored ? 'update' : 'register';
  const profile = state.tier && state.server.tiers![state.tier].profile;
  const context = await pipeline.run(narrowForTier(state.server, profile), state.metadata!, operation);
  if (state.tier) recordTier(context, state.tier, profile);
  if (state.softwareStatement !== undefined) {
    context.enter('software_statement');
    context.accept('software_statement', state.softwareStatement, 'verified; returned unmodified');
  }
  state.context = context;
}

/**
 * Tiers (`tiers`): a valid initial access token, else a trusted software statement, else nothing
 * vouched for the request. The anonymous tier may be off: then one of the other two is needed.
 */
function establishTier(state: FlowState): void {
  Object.assign(state, arrivalOf(state.grant?.id, state.softwareStatement));
  const tiers = state.server.tiers;
  if (!tiers) return;
  state.tier = tierOf(state.arrival!);
  if (state.tier === 'anonymous' && !tiers.anonymous.enabled) {
    throw new InvalidTokenError('registration here needs an initial access token or a trusted software statement');
  }
}

/** The tier's own limits (whole tier, address, web redirect host, `software_id`): 429 with `Retry-After`. */
async function limitTierRate(state: FlowState, { limiter }: FlowTools): Promise<void> {
  if (!state.tier) return;
  const metadata = state.metadata!;
  await limiter.consumeTier(state.server, state.tier, {
    address: state.input.clientAddress,
    redirectHosts: webRedirectHostsOf(metadata.redirect_uris),
    ...(typeof metadata.software_id === 'string' && { softwareId: metadata.software_id }),
  });
}

/** The presented initial access token's profile narrows the result (after defaults were applied). */
function applyPresentedTokenProfile(state: FlowState): void {
  if (state.grant?.profile) applyInitialAccessProfile(state.context!, state.grant.profile);
}

/** The tier profile's scopes filter the result, as a token's do (its grants and methods already narrowed the processors). */
function applyTierScopes(state: FlowState): void {
  const scopes = state.tier && state.server.tiers![state.tier].profile?.scopes;
  if (scopes) applyInitialAccessProfile(state.context!, { scopes }, { section: 'tier', name: `the ${state.tier} tier` });
}

/**
 * `reservedNames`: a name a consent screen would show as someone else's (confusable spellings
 * included) is refused, or only recorded with `action: "flag"`, unless an administrator, an
 * initial access token or a trusted software statement vouched for the client, or its metadata
 * document is served from a host the name is kept for.
 */
function refuseReservedName(state: FlowState): void {
  const reserved = state.server.reservedNames;
  if (!reserved || isVouched(state.arrival!)) return;
  const documentHost = state.arrival === 'metadata_document' ? new URL(state.input.clientId!).hostname : undefined;
  const name = reservedNameResembled(reserved, clientNamesOf(state.context!.metadata), documentHost);
  if (name === undefined) return;
  const reason = `resembles the reserved name "${name}", kept for clients this server vouches for`;
  if (reserved.action === 'refuse') {
    state.context!.enter('reserved_names');
    state.context!.reject('client_name', reason);
  }
  state.context!.decisions.push({ processor: 'reserved_names', field: 'client_name', decision: 'accepted', reason: `${reason}; flagged` });
}

/** A secret when the auth method needs one, and a registration access token when management is on. */
async function issueCredentials(state: FlowState, { credentials }: FlowTools): Promise<void> {
  const { server, now } = state;
  const client = newClient(server, state.context!, now);
  if (credentials.needsSecret(server, client.tokenEndpointAuthMethod)) {
    const secret = await credentials.clientSecret(server, now);
    Object.assign(client, { secretDigest: secret.digest, secretExpiresAt: secret.expiresAt });
    state.issued.clientSecret = secret.value;
  }
  const token = credentials.registrationAccessToken(server);
  client.registrationTokenDigest = token?.digest ?? null;
  state.issued.registrationAccessToken = token?.value;
  client.initialAccessTokenId = state.grant?.id ?? null;
  Object.assign(client, { arrival: state.arrival!, vouchedBy: state.vouchedBy ?? null });
  state.client = client;
}

/** INSERT, never upsert, under a fresh id; quotas and the token's uses are counted in the same transaction. */
async function insertClient(state: FlowState, { identities, store, logger, events }: FlowTools): Promise<void> {
  const { server, grant } = state;
  const client = state.client!;
  const options = {
    quotas: tierQuotas(state),
    ...(grant?.maxUses !== undefined && { initialAccessToken: { id: grant.id, maxUses: grant.maxUses } }),
  };
  for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
    client.id = await identities.generate(server);
    // A URL is the id of a client metadata document: a generator must never issue one.
    if (isUrlClientId(client.id)) throw new Error('IdentityGenerator produced a URL as client_id; URLs name client metadata documents');
    state.event = changeEvent(state, client.id, {
      change: 'created',
      actor: { kind: 'client', ...(grant && { id: grant.id }) },
      via: 'registration',
      fields: Object.keys(state.context!.metadata),
    });
    try {
      await store.insert(client, { ...options, event: events.forOutbox(state.event) });
      return;
    } catch (error) {
      if (error instanceof InitialAccessTokenExhaustedError) throw new InvalidTokenError('the initial access token has no registration left');
      if (error instanceof QuotaExceededError) throw new InvalidClientMetadataError(error.description);
      if (!(error instanceof ClientIdConflictError)) throw error;
      logger.warn(`client_id collision (attempt ${attempt}); generating another`);
    }
  }
  throw new Error(`IdentityGenerator produced ${MAX_ID_ATTEMPTS} taken client ids in a row`);
}

/** After commit: the audit log, and a nudge to the dispatcher that delivers the outbox row written with the client. */
async function publishCreated(state: FlowState, { events, logger }: FlowTools): Promise<void> {
  const client = state.client!;
  logger.debug(logLine({ event: 'registration.accepted', server: state.server.id, clientId: client.id, initialAccessToken: state.grant?.id, decisions: state.context!.decisions }));
  await events.publish(state.event!);
}

/** RFC 7591 §3.2.1 / RFC 7592 §3: the registered metadata, the credentials made now, the configuration URI. */
function answerClientInformation(state: FlowState): void {
  const client = state.client!;
  state.answer = toClientInformation(client, {
    ...state.issued,
    registrationClientUri: registrationClientUri(state.server, state.input.baseUrl, client.id),
  });
}

/**
 * The registration access token must be this client's (one constant-time compare, against a dummy
 * digest when there is no such client). Every failure, unknown client included, is the same
 * `invalid_token`, so the endpoint is no oracle for which ids exist.
 */
async function authorizeRegistrationAccessToken(state: FlowState, { store, digester }: FlowTools): Promise<void> {
  const { clientId = '', registrationAccessToken = '' } = state.input;
  const found = clientId.length <= CLIENT_ID_MAX_LENGTH ? await store.findById(clientId) : null;
  const own = found?.authorizationServer === state.server.id ? found : null;
  const valid = digester.matches(registrationAccessToken, own?.registrationTokenDigest);
  if (!valid || !own || !state.server.management.enabled) throw new InvalidTokenError();
  state.stored = own;
  state.client = own;
  // RFC 7592 §3: the answer carries the token the client is to use next.
  state.issued.registrationAccessToken = registrationAccessToken;
}

/** With `rotateRegistrationAccessToken`, a read hands out a new token and the old one is dead. */
async function rotateRegistrationAccessToken(state: FlowState, { credentials, store }: FlowTools): Promise<void> {
  if (!state.server.management.rotateRegistrationAccessToken) return;
  const client = state.client!;
  const token = credentials.registrationAccessToken(state.server)!;
  // Conditional on the version read: of two requests racing with the same token, one wins.
  if (!(await store.update(client.id, client.version, { registrationTokenDigest: token.digest }))) throw new InvalidTokenError();
  state.client = { ...client, registrationTokenDigest: token.digest, version: client.version + 1 } as TechClientEntity;
  state.issued.registrationAccessToken = token.value;
}

/** A client locked by an administrator may read its configuration, not change or delete it. */
function refuseLockedClient(state: FlowState): void {
  if (state.stored!.locked) throw new AccessDeniedError('the client is locked by an administrator; its registration cannot be changed');
}

/** As `boundMetadata`, and the fields RFC 7592 §2.2 says only the server sets are refused. */
function boundUpdateMetadata(state: FlowState): void {
  const body = state.input.body;
  assertClientMetadataShape(body, UPDATE_FORBIDDEN);
  state.metadata = body;
}

/** RFC 7592 §2.2: the body names this client; a `client_secret` in it must be the current one. */
function matchClientIdentity(state: FlowState, { digester }: FlowTools): void {
  const { client_id: clientId, client_secret: secret, ...metadata } = state.metadata!;
  const stored = state.stored!;
  if (clientId !== stored.id) throw new InvalidClientMetadataError('client_id: required, and must be the id of the client being updated');
  if (secret !== undefined && !digester.matches(secret as string, stored.secretDigest)) {
    throw new InvalidClientMetadataError('client_secret: does not match the current secret');
  }
  state.metadata = metadata;
}

/** An update stays in the tier the client registered in: its profile and reserved names apply again. */
function keepRegisteredTier(state: FlowState): void {
  const { arrival, vouchedBy } = state.stored!;
  Object.assign(state, { arrival, vouchedBy });
  if (state.server.tiers) state.tier = tierOf(arrival);
}

/**
 * An update is held to the initial access token the client registered with, as its registration
 * was; once that token is gone from the configuration, the client's current values are the
 * ceiling (see `updateProfile`).
 */
async function applyRegisteredTokenProfile(state: FlowState, { issuedTokens }: FlowTools): Promise<void> {
  const tokenId = state.stored!.initialAccessTokenId;
  const configured = state.server.initialAccessToken.tokens.some((token) => token.id === tokenId);
  const issued = tokenId && !configured ? await issuedTokens.findById(tokenId) : null;
  const profile = updateProfile(state.server, state.stored!, issued);
  if (profile) applyInitialAccessProfile(state.context!, profile);
}

/**
 * The secret follows the new auth method: dropped when it needs none, a first one (shown once)
 * for a public client turning confidential, kept otherwise. With `rotateRegistrationAccessToken`
 * a new registration access token.
 */
async function reissueCredentials(state: FlowState, { credentials }: FlowTools): Promise<void> {
  const { server, now } = state;
  const stored = state.stored!;
  const changes: TechClientChanges = { ...registrationColumns(state.context!), updatedAt: now };
  if (!credentials.needsSecret(server, changes.tokenEndpointAuthMethod)) {
    Object.assign(changes, { secretDigest: null, secretExpiresAt: null, previousSecretDigest: null, previousSecretValidUntil: null });
  } else if (stored.secretDigest === null) {
    const secret = await credentials.clientSecret(server, now);
    Object.assign(changes, { secretDigest: secret.digest, secretExpiresAt: secret.expiresAt });
    state.issued.clientSecret = secret.value;
  }
  if (server.management.rotateRegistrationAccessToken) {
    const token = credentials.registrationAccessToken(server)!;
    changes.registrationTokenDigest = token.digest;
    state.issued.registrationAccessToken = token.value;
  }
  state.changes = changes;
}

/** A conditional write on the version read, within the quotas; a concurrent change is a 409. */
async function saveChanges(state: FlowState, { store, events }: FlowTools): Promise<void> {
  const stored = state.stored!;
  const changes = state.changes!;
  let written: boolean;
  state.event = changeEvent(state, stored.id, {
    change: 'updated',
    actor: { kind: 'client' },
    via: 'management',
    fields: changedFields(stored.metadata, changes.metadata ?? stored.metadata),
  });
  try {
    written = await store.update(stored.id, stored.version, changes, tierQuotas(state), events.forOutbox(state.event));
  } catch (error) {
    if (error instanceof QuotaExceededError) throw new InvalidClientMetadataError(error.description);
    throw error;
  }
  if (!written) throw new ConflictError(CONCURRENT_CHANGE);
  state.client = { ...stored, ...changes, version: stored.version + 1 } as TechClientEntity;
}

async function publishUpdated(state: FlowState, { events }: FlowTools): Promise<void> {
  await events.publish(state.event!);
}

/** Conditional on the version read, like every change. */
async function deleteClient(state: FlowState, { store, events }: FlowTools): Promise<void> {
  const stored = state.stored!;
  state.event = changeEvent(state, stored.id, { change: 'deleted', actor: { kind: 'client' }, via: 'management' });
  if (!(await store.delete(stored.id, stored.version, events.forOutbox(state.event)))) throw new ConflictError(CONCURRENT_CHANGE);
}

async function publishDeleted(state: FlowState, { events }: FlowTools): Promise<void> {
  await events.publish(state.event!);
}

/** The document without `client_id`, which must be its own URL, and without any secret; then the bounds of any metadata. */
function boundDocument(state: FlowState): void {
  state.stored = state.input.stored;
  Object.assign(state, { arrival: 'metadata_document', vouchedBy: new URL(state.input.clientId!).origin });
  const metadata = documentMetadata(state.input.body, state.input.clientId!);
  assertClientMetadataShape(metadata);
  state.metadata = metadata;
}

/** `redirect_uris` and the server's `requiredProperties`. */
function requireDocumentMembers(state: FlowState): void {
  assertRequiredMembers(state.metadata!, state.server.clientIdMetadataDocument!);
}

/** With `redirectUrisOnDocumentHost`, every redirect URI on the document's host. */
function keepRedirectUrisOnDocumentHost(state: FlowState): void {
  assertRedirectHosts(state.metadata!, state.input.clientId!, state.server.clientIdMetadataDocument!);
}

/** Whatever the processors made of it, a document client authenticates without a shared secret. */
function refuseSharedSecret(state: FlowState): void {
  assertNoSharedSecret(state.context!.metadata.token_endpoint_auth_method);
}

/**
 * First use: INSERT under the URL, counted against `clientIdMetadataDocument.maxClients` (never
 * the registrations' quota). Later: an UPDATE when what the processors made of the document
 * changed, conditional on the version read. Another instance doing the same at the same moment
 * wins; its row is used.
 */
async function storeDocumentClient(state: FlowState, { store, events }: FlowTools): Promise<void> {
  const { server, now } = state;
  const url = state.input.clientId!;
  const columns = registrationColumns(state.context!);
  const stored = state.stored;
  if (!stored) {
    const client = Object.assign(newClient(server, state.context!, now, 'cimd'), { id: url, arrival: state.arrival!, vouchedBy: state.vouchedBy ?? null });
    const cap = server.clientIdMetadataDocument!.maxClients;
    const event = changeEvent(state, url, { change: 'created', actor: { kind: 'client' }, via: 'metadata_document', fields: Object.keys(state.context!.metadata) });
    try {
      await store.insert(client, { quotas: { maxClients: cap, maxClientsPerSoftwareId: 0, maxClientsPerInitialAccessToken: 0 }, event: events.forOutbox(event) });
      state.client = client;
      state.change = 'created';
      state.event = event;
    } catch (error) {
      if (error instanceof QuotaExceededError) throw new ClientMetadataDocumentError('quota', `client_id: ${error.description}`);
      if (!(error instanceof ClientIdConflictError)) throw error;
      state.client = (await store.findById(url)) ?? client;
    }
    return;
  }
  if (sameColumns(stored, columns)) {
    state.client = stored;
    return;
  }
  const changes: TechClientChanges = { ...columns, updatedAt: now };
  const fields = changedFields(stored.metadata, changes.metadata ?? stored.metadata);
  const event = changeEvent(state, stored.id, { change: 'updated', actor: { kind: 'client' }, via: 'metadata_document', fields });
  if (await store.update(stored.id, stored.version, changes, undefined, events.forOutbox(event))) {
    state.client = { ...stored, ...changes, version: stored.version + 1 } as TechClientEntity;
    state.change = 'updated';
    state.event = event;
  } else {
    state.client = (await store.findById(url)) ?? stored;
  }
}

async function publishDocumentClient(state: FlowState, { events }: FlowTools): Promise<void> {
  if (state.change && state.event) await events.publish(state.event);
}

function sameColumns(stored: TechClientEntity, columns: ReturnType<typeof registrationColumns>): boolean {
  return (Object.keys(columns) as (keyof typeof columns)[]).every((key) => JSON.stringify(stored[key]) === JSON.stringify(columns[key]));
}

/** The event of this run's change, with its id: the store writes it to the outbox with the change. */
function changeEvent(state: FlowState, clientId: string, event: Pick<TechClientEvent, 'change' | 'actor' | 'via' | 'fields'>): StagedEvent {
  const { fields, ...rest } = event;
  return withEventId({
    ...rest,
    clientId,
    authorizationServer: state.server.id,
    at: new Date(state.now),
    ...(fields !== undefined && { fields }),
  });
}

function newClient(server: ResolvedServerOptions, context: ProcessingContext, now: number, source: TechClientSource = 'dcr'): TechClientEntity {
  const client = new TechClientEntity();
  Object.assign(client, {
    ...registrationColumns(context),
    authorizationServer: server.id,
    label: null,
    description: null,
    locked: false,
    lockReason: null,
    lockedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    source,
    secretDigest: null,
    secretExpiresAt: null,
    previousSecretDigest: null,
    previousSecretValidUntil: null,
    registrationTokenDigest: null,
    lastUsedAt: null,
    initialAccessTokenId: null,
    arrival: 'anonymous',
    vouchedBy: null,
  } satisfies Omit<TechClientEntity, 'id'>);
  return client;
}

/** The server's quotas, and the cap of the client's tier when the server has tiers. */
function tierQuotas(state: FlowState): ClientQuotas {
  return state.tier ? { ...state.server.quotas, maxClientsInTier: state.server.tiers![state.tier].maxClients } : state.server.quotas;
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}
