import { Test } from '@nestjs/testing';
import { DcrConfigurationError } from '../errors/dcr-configuration.error';
import {
  fetchDevelopmentWarning,
  GUARDED_FETCHER_DEFAULTS,
  GUARDED_FETCHER_OPTIONS,
  guardedFetcherOptionProblems,
  resolveGuardedFetcherOptions,
} from './fetch-options';
import { DefaultGuardedFetcher, GuardedFetcher } from './guarded-fetcher';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('guarded fetcher options', () => {
  it('defaults: 5 KiB, 5 s, cached 60 s to 1 h, 1000 entries, no development option', () => {
    expect(resolveGuardedFetcherOptions({})).toEqual({
      maxBytes: 5120,
      timeoutMs: 5000,
      cacheMinSeconds: 60,
      cacheMaxSeconds: 3600,
      cacheMaxEntries: 1000,
      development: { allowHttpLoopback: false, allowHttpsLoopback: false, loopbackCaPem: [] },
      resolve: undefined,
      now: Date.now,
    });
    expect(GUARDED_FETCHER_DEFAULTS.maxBytes).toBe(5 * 1024);
  });

  it('keeps what is given', () => {
    const resolve = async () => [];
    const now = () => 5;
    expect(resolveGuardedFetcherOptions({
      maxBytes: 10, timeoutMs: 20, cacheMinSeconds: 0, cacheMaxSeconds: 40, cacheMaxEntries: 0, resolve, now,
      development: { allowHttpLoopback: true, allowHttpsLoopback: true, loopbackCaPem: PEM },
    })).toEqual({
      maxBytes: 10, timeoutMs: 20, cacheMinSeconds: 0, cacheMaxSeconds: 40, cacheMaxEntries: 0, resolve, now,
      development: { allowHttpLoopback: true, allowHttpsLoopback: true, loopbackCaPem: [PEM] },
    });
  });

  it('reports every problem at once, under the given prefix', () => {
    expect(guardedFetcherOptionProblems({
      maxBytes: 0, timeoutMs: 1.5, cacheMinSeconds: 100, cacheMaxSeconds: 10, cacheMaxEntries: -1,
      development: { loopbackCaPem: 'not a certificate' },
    }, 'cimd.')).toEqual([
      'cimd.maxBytes must be an integer from 1 to 67108864',
      'cimd.timeoutMs must be an integer from 1 to 600000',
      'cimd.cacheMaxEntries must be an integer from 0 to 10000000',
      'cimd.cacheMinSeconds must not be greater than cimd.cacheMaxSeconds',
      'cimd.development.loopbackCaPem must be PEM certificate text',
    ]);
    expect(guardedFetcherOptionProblems({ cacheMinSeconds: 7200 })).toEqual(['cacheMinSeconds must not be greater than cacheMaxSeconds']);
    expect(guardedFetcherOptionProblems({ development: { loopbackCaPem: [PEM] } }))
      .toEqual(['development.loopbackCaPem is used only with development.allowHttpsLoopback']);
    expect(guardedFetcherOptionProblems({})).toEqual([]);
  });

  it('the fetcher refuses bad options with the module configuration error', () => {
    expect(() => new DefaultGuardedFetcher({ maxBytes: -5 })).toThrow(DcrConfigurationError);
    expect(() => new DefaultGuardedFetcher({ maxBytes: -5 })).toThrow('maxBytes must be an integer');
  });

  describe('fetchDevelopmentWarning', () => {
    it('is silent with development options off', () => {
      expect(fetchDevelopmentWarning(undefined)).toBeUndefined();
      expect(fetchDevelopmentWarning({})).toBeUndefined();
      expect(fetchDevelopmentWarning({ development: { allowHttpLoopback: false, allowHttpsLoopback: false } })).toBeUndefined();
      expect(new DefaultGuardedFetcher().developmentWarning()).toBeUndefined();
    });

    it('names each option that is on', () => {
      expect(fetchDevelopmentWarning({ development: { allowHttpLoopback: true } }, 'a.')).toBe(
        'UNSAFE development fetch options are on (a.development.allowHttpLoopback): documents may be fetched from ' +
          "this machine's loopback interface over plain http. Never use them in production.",
      );
      const both = new DefaultGuardedFetcher({ development: { allowHttpsLoopback: true, loopbackCaPem: PEM } });
      expect(both.developmentWarning()).toBe(
        'UNSAFE development fetch options are on (development.allowHttpsLoopback, development.loopbackCaPem): ' +
          "documents may be fetched from this machine's loopback interface. Never use them in production.",
      );
    });
  });

  describe('as a Nest provider', () => {
    it('builds with the defaults when no options are provided', async () => {
      const moduleRef = await Test.createTestingModule({
        providers: [{ provide: GuardedFetcher, useClass: DefaultGuardedFetcher }],
      }).compile();
      const fetcher = moduleRef.get(GuardedFetcher);
      expect(fetcher).toBeInstanceOf(DefaultGuardedFetcher);
      await expect(fetcher.fetch('http://127.0.0.1:1/doc')).rejects.toMatchObject({ reason: 'invalid_url' });
    });

    it('reads GUARDED_FETCHER_OPTIONS when provided', async () => {
      const moduleRef = await Test.createTestingModule({
        providers: [
          { provide: GUARDED_FETCHER_OPTIONS, useValue: { development: { allowHttpLoopback: true } } },
          { provide: GuardedFetcher, useClass: DefaultGuardedFetcher },
        ],
      }).compile();
      expect((moduleRef.get(GuardedFetcher) as DefaultGuardedFetcher).developmentWarning()).toContain('allowHttpLoopback');
    });
  });
});
