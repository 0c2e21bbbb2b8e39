import { Logger } from '@nestjs/common';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { EVENTS_DEFAULTS } from '../options/resolve-events';
import type { StagedEvent } from '../persistence/change-outbox';
import type { ChangeOutboxStore, ClaimedEvent } from '../persistence/change-outbox.store';
import { ChangeDispatcher } from './change-dispatcher';
import type { TechClientInterceptor } from './tech-client.interceptor';
import type { DcrMetrics } from '../observability/dcr-metrics';

const EVENT: StagedEvent = { id: 'e-1', change: 'locked', clientId: 'c1', authorizationServer: 'default', actor: { kind: 'admin' }, via: 'admin', at: new Date(0) };

/** An outbox that hands out `queue` once, then nothing, and records what the dispatcher reports. */
function fakeOutbox(queue: ClaimedEvent[]) {
  const calls: string[] = [];
  const outbox = {
    claim: jest.fn(async () => queue.splice(0)),
    delivered: jest.fn(async (seq: number) => void calls.push(`delivered ${seq}`)),
    failed: jest.fn(async (seq: number, _holder: string, error: string) => void calls.push(`failed ${seq}: ${error}`)),
    prune: jest.fn(async () => 0),
  };
  return { outbox, calls };
}

/** Delivery results as the dispatcher reports them to the metrics. */
let deliveries: string[] = [];

function dispatcher(outbox: unknown, interceptors: TechClientInterceptor[], maxAttempts = 3): ChangeDispatcher {
  const options = { events: { ...EVENTS_DEFAULTS, outbox: { ...EVENTS_DEFAULTS.outbox, maxAttempts, retryDelayMs: 10 } } } as unknown as ResolvedDcrOptions;
  const metrics = { changeEventDelivery: (result: string) => void deliveries.push(result) } as unknown as DcrMetrics;
  return new ChangeDispatcher(options, interceptors, outbox as ChangeOutboxStore, metrics);
}

describe('ChangeDispatcher', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn']));
  beforeEach(() => (deliveries = []));

  it('marks an event delivered once every interceptor took it', async () => {
    const { outbox, calls } = fakeOutbox([{ seq: 7, attempts: 0, event: EVENT }]);
    const seen: string[] = [];
    await dispatcher(outbox, [{ onChange: (event) => void seen.push(`a ${event.id}`) }, { onChange: async (event) => void seen.push(`b ${event.id}`) }]).runOnce();
    expect(seen).toEqual(['a e-1', 'b e-1']);
    expect(calls).toEqual(['delivered 7']);
    expect(deliveries).toEqual(['delivered']);
  });

  it('counts an interceptor failure as a failed attempt, retried later', async () => {
    const { outbox, calls } = fakeOutbox([{ seq: 7, attempts: 1, event: EVENT }]);
    const later = Date.now();
    await dispatcher(outbox, [{ onChange: () => Promise.reject(new Error('down')) }]).runOnce();
    expect(calls).toEqual(['failed 7: TechClientInterceptor Object: down']);
    const [, , , retryAt, maxAttempts] = outbox.failed.mock.calls[0] as unknown as [number, string, string, number, number];
    expect(retryAt).toBeGreaterThanOrEqual(later + 10); // second failure: 10 to 20 ms
    expect(maxAttempts).toBe(3);
    expect(deliveries).toEqual(['retried']);
  });

  it('gives the event to every interceptor even when one before it fails, and retries it for all', async () => {
    const { outbox, calls } = fakeOutbox([{ seq: 7, attempts: 0, event: EVENT }]);
    const seen: string[] = [];
    await dispatcher(outbox, [{ onChange: () => Promise.reject(new Error('down')) }, { onChange: (event) => void seen.push(event.id!) }]).runOnce();
    expect(seen).toEqual(['e-1']);
    expect(calls).toEqual(['failed 7: TechClientInterceptor Object: down']);
    expect(deliveries).toEqual(['retried']);
  });

  it('counts the last allowed attempt that fails as dead', async () => {
    const { outbox, calls } = fakeOutbox([{ seq: 7, attempts: 2, event: EVENT }]);
    await dispatcher(outbox, [{ onChange: () => Promise.reject(new Error('down')) }]).runOnce();
    expect(calls).toEqual(['failed 7: TechClientInterceptor Object: down']);
    expect(deliveries).toEqual(['dead']);
  });

  it('claims again while it finds work, and stops when nothing is due', async () => {
    const { outbox } = fakeOutbox([{ seq: 1, attempts: 0, event: EVENT }]);
    expect(await dispatcher(outbox, []).runOnce()).toBe(1);
    expect(outbox.claim).toHaveBeenCalledTimes(2);
  });
});
