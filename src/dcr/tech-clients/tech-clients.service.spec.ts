import { Test } from '@nestjs/testing';
import { DCR_RESOLVED_OPTIONS, DCR_TECH_CLIENT_INTERCEPTORS } from '../dcr.constants';
import { ConflictError } from '../errors/conflict.error';
import { InvalidRequestError } from '../errors/dcr.error';
import { NotFoundError } from '../errors/not-found.error';
import { PreconditionFailedError } from '../errors/precondition-failed.error';
import type { TechClientEvent } from '../events/tech-client-event';
import { TechClientEvents } from '../events/tech-client-events';
import { ChangeDispatcher } from '../events/change-dispatcher';
import { resolveDcrOptions } from '../options/validate-options';
import { TechClientAdminStore } from './tech-client-admin.store';
import type { TechClientSummary } from '../persistence/tech-client-summary';
import { CredentialIssuer } from '../credentials/credential-issuer';
import { SecretGenerator } from '../credentials/secret-generator';
import { SecretDigester } from '../secrets/secret-digester';
import { SearchCursorCodec } from './search-cursor.codec';
import { TechClientsService } from './tech-clients.service';

const SECRET_KEY = 'unit-secret-key-0123456789abcdef0123456789';
const ACTOR = { kind: 'admin', id: 'alice' } as const;

function summary(overrides: Partial<TechClientSummary> = {}): TechClientSummary {
  return {
    id: 'c1', authorizationServer: 'default', name: 'App', nameSearch: 'app', label: null, description: null,
    locked: false, lockReason: null, lockedAt: null, createdAt: 1_000, updatedAt: 1_000, version: 4, source: 'dcr',
    softwareId: null, softwareVersion: null, tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['client_credentials'],
    hasSecret: true, secretExpiresAt: 0, previousSecretValidUntil: null, lastUsedAt: null,
    arrival: 'anonymous', vouchedBy: null, redirectHosts: [], clientNames: [], ...overrides,
  };
}

describe('TechClientsService', () => {
  let service: TechClientsService;
  let store: jest.Mocked<TechClientAdminStore>;
  let published: TechClientEvent[];
  let digester: SecretDigester;
  let interceptorFails: boolean;

  async function build(options: object = {}) {
    published = [];
    interceptorFails = false;
    store = {
      search: jest.fn(), findSummary: jest.fn(), findSecretState: jest.fn(), updateDetails: jest.fn(), lock: jest.fn(),
      unlock: jest.fn(), delete: jest.fn(), replaceSecret: jest.fn(), lockHistory: jest.fn(),
    } as unknown as jest.Mocked<TechClientAdminStore>;
    const interceptor = {
      onChange: (event: TechClientEvent) => {
        published.push(event);
        if (interceptorFails) throw new Error('third party down');
      },
    };
    const moduleRef = await Test.createTestingModule({
      providers: [
        TechClientsService,
        TechClientEvents,
        SecretDigester,
        CredentialIssuer,
        SearchCursorCodec,
        { provide: DCR_RESOLVED_OPTIONS, useValue: resolveDcrOptions({ secretKey: SECRET_KEY, clientSecret: {}, ...options }) },
        { provide: DCR_TECH_CLIENT_INTERCEPTORS, useValue: [interceptor] },
        { provide: TechClientAdminStore, useValue: store },
        // Delivery is the dispatcher's (see its spec and the e2e tests); here: what is published, and when.
        { provide: ChangeDispatcher, useValue: { nudge: jest.fn() } },
        { provide: SecretGenerator, useValue: { generate: () => 'new-secret-value' } },
      ],
    }).compile();
    moduleRef.useLogger(false);
    jest.spyOn(moduleRef.get(TechClientEvents), 'publish').mockImplementation(async (event) => {
      published.push(event);
    });
    service = moduleRef.get(TechClientsService);
    digester = moduleRef.get(SecretDigester);
  }

  beforeEach(() => build());

  describe('search', () => {
    it('asks for one row more than the page and turns the last row into a cursor', async () => {
      store.search.mockResolvedValue([summary({ id: 'a', createdAt: 3 }), summary({ id: 'b', createdAt: 2 }), summary({ id: 'c', createdAt: 1 })]);
      const page = await service.search({ limit: 2 });
      expect(store.search).toHaveBeenCalledWith({}, { sort: 'creationDate', descending: true, limit: 3 });
      expect(page.clients.map((c) => c.id)).toEqual(['a', 'b']);
      await service.search({ limit: 2, cursor: page.nextCursor! });
      expect(store.search).toHaveBeenLastCalledWith({}, { sort: 'creationDate', descending: true, limit: 3, after: [2, 'b'] });
    });

    it('has no next cursor on the last page, even a full one', async () => {
      store.search.mockResolvedValue([summary({ id: 'a' }), summary({ id: 'b' })]);
      const page = await service.search({ limit: 2 });
      expect(page.clients).toHaveLength(2);
      expect(page.nextCursor).toBeNull();
    });
  });

  describe('update', () => {
    it('writes only what changed, against the version it read, then publishes', async () => {
      store.findSummary.mockResolvedValue(summary({ label: 'same' }));
      store.updateDetails.mockImplementation(async () => {
        expect(published).toEqual([]); // published only after the write
        return 'updated';
      });
      const updated = await service.update('c1', { displayName: 'Renamed', label: 'same' }, { actor: ACTOR, requestId: 'r-1' });
      expect(store.updateDetails).toHaveBeenCalledWith('c1', 4, { name: 'Renamed' }, expect.any(Number), published[0]);
      expect(updated).toMatchObject({ name: 'Renamed', nameSearch: 'renamed', version: 5 });
      expect(published).toEqual([expect.objectContaining({ change: 'updated', clientId: 'c1', actor: ACTOR, via: 'admin', fields: ['name'], requestId: 'r-1' })]);
    });

    it('changes nothing and tells nobody when the values are already there', async () => {
      store.findSummary.mockResolvedValue(summary({ label: 'x' }));
      await service.update('c1', { label: 'x' });
      expect(store.updateDetails).not.toHaveBeenCalled();
      expect(published).toEqual([]);
    });

    it('reports a concurrent change as a conflict and publishes nothing', async () => {
      store.findSummary.mockResolvedValue(summary());
      store.updateDetails.mockResolvedValue('conflict');
      await expect(service.update('c1', { label: 'x' })).rejects.toThrow(ConflictError);
      expect(published).toEqual([]);
    });

    it('honours an expected version (If-Match)', async () => {
      store.findSummary.mockResolvedValue(summary({ version: 7 }));
      await expect(service.update('c1', { label: 'x' }, { expectedVersion: 6 })).rejects.toThrow(PreconditionFailedError);
      expect(store.updateDetails).not.toHaveBeenCalled();
    });

    it.each([
      [{}, /nothing to change/],
      [{ displayName: '   ' }, /displayName: must not be blank/],
      [{ displayName: null }, /displayName: must be a string/],
      [{ label: 'a'.repeat(201) }, /label: must be at most 200/],
      [{ description: 'line\u0007' }, /description: must not contain control characters/],
      [{ label: ['a'] }, /label: must be a string/],
    ])('refuses %j', async (update, message) => {
      store.findSummary.mockResolvedValue(summary());
      await expect(service.update('c1', update as never)).rejects.toThrow(message);
    });

    it('keeps line breaks in descriptions', async () => {
      store.findSummary.mockResolvedValue(summary());
      store.updateDetails.mockResolvedValue('updated');
      await service.update('c1', { description: 'one\ntwo' });
      expect(store.updateDetails).toHaveBeenCalledWith('c1', 4, { description: 'one\ntwo' }, expect.any(Number), expect.objectContaining({ change: 'updated' }));
    });

    it('is 404 for an unknown client', async () => {
      store.findSummary.mockResolvedValue(null);
      await expect(service.update('nope', { label: 'x' })).rejects.toThrow(NotFoundError);
    });

    it('gives the store the event to write with the change, the same one it publishes after', async () => {
      store.findSummary.mockResolvedValue(summary());
      store.updateDetails.mockResolvedValue('updated');
      await expect(service.update('c1', { label: 'x' })).resolves.toMatchObject({ label: 'x' });
      expect(published).toEqual([expect.objectContaining({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), change: 'updated' })]);
      expect(store.updateDetails.mock.calls[0][4]).toBe(published[0]);
    });
  });

  describe('lock and unlock', () => {
    it('locks with a reason and publishes it', async () => {
      store.findSummary.mockResolvedValueOnce(summary()).mockResolvedValueOnce(summary({ locked: true, lockReason: 'hacked' }));
      store.lock.mockResolvedValue('updated');
      const locked = await service.lock('c1', 'hacked', { actor: ACTOR });
      expect(store.lock).toHaveBeenCalledWith('c1', 'hacked', ACTOR, expect.any(Number), published[0]);
      expect(locked.locked).toBe(true);
      expect(published).toEqual([expect.objectContaining({ change: 'locked', detail: 'hacked', actor: ACTOR })]);
    });

    it.each([[undefined], [''], ['  '], ['a'.repeat(501)], ['line\nbreak'], [42]])('refuses the reason %j', async (reason) => {
      await expect(service.lock('c1', reason as never)).rejects.toThrow(InvalidRequestError);
      expect(store.lock).not.toHaveBeenCalled();
    });

    it('unlocking an unlocked client records and publishes nothing', async () => {
      store.findSummary.mockResolvedValue(summary());
      store.unlock.mockResolvedValue('unchanged');
      await service.unlock('c1');
      expect(published).toEqual([]);
    });
  });

  describe('rotateSecret', () => {
    const state = { version: 2, authorizationServer: 'default', tokenEndpointAuthMethod: 'client_secret_basic', secretDigest: 'v1:old', secretExpiresAt: 0 };

    it('stores the digest of the new secret and revokes the old one without a grace period', async () => {
      store.findSecretState.mockResolvedValue(state);
      store.replaceSecret.mockResolvedValue('updated');
      const rotated = await service.rotateSecret('c1', {}, { actor: ACTOR });
      expect(rotated).toEqual({ clientId: 'c1', clientSecret: 'new-secret-value', clientSecretExpiresAt: 0, previousSecretValidUntil: null });
      expect(store.replaceSecret).toHaveBeenCalledWith('c1', 2, {
        secretDigest: digester.digest('new-secret-value'), secretExpiresAt: 0, previousSecretDigest: null, previousSecretValidUntil: null,
      }, expect.any(Number), published[0]);
      expect(published).toEqual([expect.objectContaining({ change: 'secret_rotated', fields: ['secret'] })]);
      expect(JSON.stringify(published)).not.toContain('new-secret-value');
    });

    it('keeps the previous secret for the grace period, never past its own expiry', async () => {
      const now = Date.now();
      store.replaceSecret.mockResolvedValue('updated');
      store.findSecretState.mockResolvedValue(state);
      const kept = await service.rotateSecret('c1', { gracePeriodSeconds: 3600 });
      expect(kept.previousSecretValidUntil).toBeGreaterThanOrEqual(now + 3_600_000);
      expect(store.replaceSecret.mock.calls[0][2].previousSecretDigest).toBe('v1:old');

      const expiresSoon = Math.floor(now / 1000) + 60;
      store.findSecretState.mockResolvedValue({ ...state, secretExpiresAt: expiresSoon });
      expect((await service.rotateSecret('c1', { gracePeriodSeconds: 3600 })).previousSecretValidUntil).toBe(expiresSoon * 1000);

      store.findSecretState.mockResolvedValue({ ...state, secretExpiresAt: Math.floor(now / 1000) - 60 });
      expect((await service.rotateSecret('c1', { gracePeriodSeconds: 3600 })).previousSecretValidUntil).toBeNull();
    });

    it('sets client_secret_expires_at from the server lifetime', async () => {
      await build({ clientSecret: { lifetimeSeconds: 86400 } });
      store.findSecretState.mockResolvedValue(state);
      store.replaceSecret.mockResolvedValue('updated');
      const before = Math.floor(Date.now() / 1000);
      const rotated = await service.rotateSecret('c1');
      expect(rotated.clientSecretExpiresAt).toBeGreaterThanOrEqual(before + 86400);
      expect(rotated.clientSecretExpiresAt).toBeLessThanOrEqual(before + 86401);
    });

    it.each([['none'], [null]])('is refused for a client authenticating with %s', async (method) => {
      store.findSecretState.mockResolvedValue({ ...state, tokenEndpointAuthMethod: method, secretDigest: null });
      await expect(service.rotateSecret('c1')).rejects.toThrow(/has no secret to rotate/);
      expect(store.replaceSecret).not.toHaveBeenCalled();
    });

    it.each([[-1], [2_592_001], [1.5], ['60']])('refuses the grace period %j', async (grace) => {
      await expect(service.rotateSecret('c1', { gracePeriodSeconds: grace as never })).rejects.toThrow(/gracePeriodSeconds/);
    });

    it('loses a concurrent rotation with a conflict, and publishes nothing', async () => {
      store.findSecretState.mockResolvedValue(state);
      store.replaceSecret.mockResolvedValue('conflict');
      await expect(service.rotateSecret('c1')).rejects.toThrow(ConflictError);
      expect(published).toEqual([]);
    });
  });

  describe('delete', () => {
    it('publishes the deletion after it', async () => {
      store.findSummary.mockResolvedValue(summary());
      store.delete.mockResolvedValue(true);
      await service.delete('c1', { actor: ACTOR });
      expect(published).toEqual([expect.objectContaining({ change: 'deleted', clientId: 'c1', actor: ACTOR })]);
    });

    it('is 404 when someone else deleted it first', async () => {
      store.findSummary.mockResolvedValue(summary());
      store.delete.mockResolvedValue(false);
      await expect(service.delete('c1')).rejects.toThrow(NotFoundError);
      expect(published).toEqual([]);
    });
  });

  describe('lockHistory', () => {
    it('pages by entry id with a cursor bound to the client', async () => {
      store.findSummary.mockResolvedValue(summary());
      const event = (id: number) => ({ id, clientId: 'c1', action: 'lock' as const, reason: 'r', actor: ACTOR, at: id });
      store.lockHistory.mockResolvedValue([event(9), event(8)]);
      const page = await service.lockHistory('c1', { limit: 1 });
      expect(page.events.map((e) => e.id)).toEqual([9]);
      await service.lockHistory('c1', { limit: 1, cursor: page.nextCursor! });
      expect(store.lockHistory).toHaveBeenLastCalledWith('c1', 2, 9);

      store.findSummary.mockResolvedValue(summary({ id: 'c2' }));
      await expect(service.lockHistory('c2', { cursor: page.nextCursor! })).rejects.toThrow(/belongs to another listing/);
    });
  });
});
