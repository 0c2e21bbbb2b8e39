import { Logger } from '@nestjs/common';
import { InvalidRedirectUriError } from '../errors/dcr.error';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { serverWith } from '../testing/processing.spec-helper';
import { PatternClientNameProcessor } from './client-name.processor';
import { PatternContactsProcessor } from './contacts.processor';
import { ConfiguredGrantsPolicy } from './grants.policy';
import { MetadataProcessor } from './metadata-processor';
import type { ProcessingContext } from './processing-context';
import { DefaultRedirectUrisProcessor } from './redirect-uris.processor';
import { RegistrationPipeline } from './registration.pipeline';
import { PatternScopeFilter } from './scope.filter';
import { PatternSoftwareProcessor } from './software.processor';
import { DefaultJwksProcessor } from './jwks.processor';
import { DefaultDpopProcessor } from './dpop.processor';
import { ConfiguredServerProfilePolicy } from './server-profile.policy';
import { DefaultTlsClientAuthProcessor } from './tls-client-auth.processor';
import { ConfiguredTokenEndpointAuthMethodProcessor } from './token-endpoint-auth-method.processor';
import { PatternUriFilter } from './uri.filter';

// The pipeline logs the decision report of a rejected registration at debug level.
Logger.overrideLogger(false);

/** Host processor for an extension field; records what the built-ins had accepted before it ran. */
class TenantProcessor extends MetadataProcessor {
  readonly name = 'tenant';
  seen: string[] = [];

  constructor(private readonly enabled = true) {
    super();
  }

  override isEnabled(): boolean {
    return this.enabled;
  }

  process(context: ProcessingContext): void {
    this.seen = Object.keys(context.metadata);
    const tenant = context.get<string>('tenant');
    if (tenant !== undefined) context.accept('tenant', tenant);
  }
}

function pipelineWith(...extra: MetadataProcessor[]): RegistrationPipeline {
  return new RegistrationPipeline(
    new ConfiguredServerProfilePolicy(),
    new ConfiguredGrantsPolicy(),
    new DefaultRedirectUrisProcessor(),
    new ConfiguredTokenEndpointAuthMethodProcessor(),
    new DefaultJwksProcessor(),
    new DefaultTlsClientAuthProcessor(),
    new DefaultDpopProcessor(),
    new PatternClientNameProcessor(),
    new PatternContactsProcessor(),
    new PatternScopeFilter(),
    new PatternSoftwareProcessor(),
    new PatternUriFilter(),
    extra,
  );
}

const FULL_BODY = {
  redirect_uris: ['https://client.example/cb'],
  token_endpoint_auth_method: 'client_secret_post',
  client_name: 'App',
  contacts: ['ops@client.example'],
  scope: 'strong client-scope',
  software_id: 'app',
  software_version: '1.0',
  client_uri: 'https://client.example/',
  tenant: 'acme',
};

const everyProcessor = (): ResolvedServerOptions =>
  serverWith({
    clientSecret: {},
    processors: { clientName: {}, contacts: {}, scope: { allowed: ['client-scope'] }, software: {}, tokenEndpointAuthMethod: {}, uris: {} },
  });

describe('RegistrationPipeline', () => {
  describe('order', () => {
    it('runs grants, redirect URIs, auth method, name, contacts, scope, software, URIs, then host processors', async () => {
      const tenant = new TenantProcessor();
      const context = await pipelineWith(tenant).run(everyProcessor(), { ...FULL_BODY }, 'register');
      const order = [...new Set(context.decisions.map(({ processor }) => processor))];
      expect(order).toEqual(['grants', 'redirect_uris', 'token_endpoint_auth_method', 'client_name', 'contacts', 'scope', 'software', 'uris', 'tenant']);
      expect(tenant.seen).toEqual([
        'grant_types', 'response_types', 'application_type', 'redirect_uris', 'token_endpoint_auth_method', 'client_name', 'contacts', 'scope',
        'software_id', 'software_version', 'client_uri',
      ]);
      expect(context.metadata).toEqual({
        grant_types: ['authorization_code'],
        response_types: ['code'],
        application_type: 'web',
        redirect_uris: ['https://client.example/cb'],
        token_endpoint_auth_method: 'client_secret_post',
        client_name: 'App',
        contacts: ['ops@client.example'],
        scope: 'client-scope',
        software_id: 'app',
        software_version: '1.0',
        client_uri: 'https://client.example/',
        tenant: 'acme',
      });
      expect(context.operation).toBe('register');
    });

    it('passes the operation to the context', async () => {
      const context = await pipelineWith().run(serverWith(), { redirect_uris: ['https://client.example/cb'] }, 'update');
      expect(context.operation).toBe('update');
    });
  });

  describe('processors that are not configured', () => {
    it('ignores the fields of unconfigured processors and reports them filtered by the pipeline', async () => {
      const context = await pipelineWith().run(serverWith(), { ...FULL_BODY }, 'register');
      expect(context.metadata).toEqual({
        grant_types: ['authorization_code'],
        response_types: ['code'],
        application_type: 'web',
        redirect_uris: ['https://client.example/cb'],
      });
      const ignored = context.decisions.filter(({ processor }) => processor === 'pipeline');
      expect(ignored.map(({ field }) => field)).toEqual([
        'token_endpoint_auth_method', 'client_name', 'contacts', 'scope', 'software_id', 'software_version', 'client_uri', 'tenant',
      ]);
      expect(ignored[1]).toEqual({ processor: 'pipeline', field: 'client_name', decision: 'filtered', reason: 'no processor handles this field' });
    });

    it('skips a host processor that is not enabled for the server', async () => {
      const tenant = new TenantProcessor(false);
      const context = await pipelineWith(tenant).run(serverWith(), { redirect_uris: ['https://client.example/cb'], tenant: 'acme' }, 'register');
      expect(context.metadata.tenant).toBeUndefined();
      expect(context.decisions).toContainEqual({ processor: 'pipeline', field: 'tenant', decision: 'filtered', reason: 'no processor handles this field' });
    });
  });

  describe('rejection', () => {
    it('stops at the first rejecting processor and rethrows its error', async () => {
      const tenant = new TenantProcessor();
      const run = pipelineWith(tenant).run(serverWith(), { redirect_uris: ['https://client.example/cb#x'] }, 'register');
      await expect(run).rejects.toBeInstanceOf(InvalidRedirectUriError);
      await expect(run).rejects.toMatchObject({ error: 'invalid_redirect_uri', description: 'redirect_uris[0]: must not contain a fragment' });
      expect(tenant.seen).toEqual([]);
    });
  });
});
