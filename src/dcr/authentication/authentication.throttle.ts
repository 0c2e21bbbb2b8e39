import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import type { ResolvedClientAuthenticationOptions, ResolvedDcrOptions } from '../options/resolved-options';
import { SecretDigester } from '../secrets/secret-digester';
import { AttemptCounter, AuthenticationAttemptStore } from './authentication-attempt.store';
import { logLine } from '../logging/log-line';
import { clientAddressKey } from '../network/client-address';

/**
 * Unknown client ids are counted in a bounded set of shared buckets instead of one counter each:
 * a flood of random ids then creates at most this many rows per address (and per server), while a
 * repeated unknown id is still throttled exactly like a known one, so a 429 tells nothing about
 * whether an id exists.
 */
const UNKNOWN_ID_BUCKETS_PER_ADDRESS = 64;
const UNKNOWN_ID_BUCKETS = 4096;
/** One failure in this many also deletes expired counters (no timer, no single cleaning instance). */
const PURGE_EVERY = 64;

/** One counter an attempt is checked against. @publicApi */
export interface ThrottleCounter {
  key: string;
  limit: number;
  scope: 'client' | 'client_address';
}

/** @publicApi */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Outcome of the check before an attempt. @publicApi */
export interface ThrottleCheck {
  verdict: ThrottleVerdict;
  /** Failures already counted for this client from this address (a success from there clears them). */
  addressFailures: number;
}

/**
 * Brute-force throttle of client authentication: at most `maxFailures` failures per client id
 * and client address, and `maxFailuresPerClient` per client id from everywhere, in a fixed window
 * of `windowSeconds`. Counters live in the `AuthenticationAttemptStore`, which every instance
 * shares. A success clears only its own address's counter: clearing the per-client one would let
 * a legitimate client's regular traffic reset a distributed attacker's count.
 * @publicApi
 */
@Injectable()
export class AuthenticationThrottle {
  private readonly logger = new Logger('DcrAudit');
  private readonly settings: ResolvedClientAuthenticationOptions;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions,
    private readonly store: AuthenticationAttemptStore,
    private readonly digester: SecretDigester,
  ) {
    this.settings = options.clientAuthentication;
  }

  /**
   * The counters of an attempt on `clientId` of `serverId` from `ip`. `known`: the id names a
   * client of that server; unknown ids share hashed buckets (see `UNKNOWN_ID_BUCKETS`).
   */
  counters(serverId: string, clientId: string, known: boolean, ip: string | undefined): ThrottleCounter[] {
    const address = clientAddressKey(ip);
    const client = known ? `id\0${clientId}` : `unknown\0${bucket(clientId, UNKNOWN_ID_BUCKETS)}`;
    const perAddress = known ? client : `unknown\0${bucket(clientId, UNKNOWN_ID_BUCKETS_PER_ADDRESS)}`;
    const counters: ThrottleCounter[] = [];
    if (this.settings.maxFailuresPerClient > 0) {
      counters.push({ scope: 'client', limit: this.settings.maxFailuresPerClient, key: this.key(['c', serverId, client]) });
    }
    if (this.settings.maxFailures > 0) {
      counters.push({ scope: 'client_address', limit: this.settings.maxFailures, key: this.key(['a', serverId, perAddress, address]) });
    }
    return counters;
  }

  /** Reads the counters: refused while any of them is at its limit. */
  async check(counters: ThrottleCounter[], now = Date.now()): Promise<ThrottleCheck> {
    if (counters.length === 0) return { verdict: { allowed: true }, addressFailures: 0 };
    const found = await this.store.read(counters.map((counter) => counter.key), now);
    const address = counters.find((counter) => counter.scope === 'client_address');
    const addressFailures = found.find((row) => row.key === address?.key)?.failures ?? 0;
    return { verdict: this.verdict(counters, found, now), addressFailures };
  }

  /**
   * Counts a failure. Refused when a counter went past its limit: of many concurrent guesses,
   * only the first `limit` are answered 401 and the rest 429, whatever order they ran in.
   *
   * Warns once per counter and window, on the failure that brings it to its limit (from then on
   * the client, or the client from that address, is refused): after 10 sequential 401s the 10th
   * writes the line, and the 429s that follow, refused before they count, write nothing. The
   * counters are shared by every instance, and each increment is one atomic statement that hands
   * back the new count, so exactly one attempt in the whole deployment sees the count reach the
   * limit: the instance that served it writes the line, the others write none.
   */
  async recordFailure(counters: ThrottleCounter[], now = Date.now(), logContext: Record<string, unknown> = {}): Promise<ThrottleVerdict> {
    if (counters.length === 0) return { allowed: true };
    const rows = await this.store.recordFailure(counters.map((counter) => counter.key), now, this.settings.windowSeconds * 1000);
    if (Math.random() * PURGE_EVERY < 1) await this.purge(now);
    const closed = counters
      .map((counter) => ({ counter, row: rows.find((row) => row.key === counter.key && row.expiresAt > now) }))
      .filter(({ counter, row }) => row?.failures === counter.limit);
    if (closed.length) {
      const until = Math.max(...closed.map(({ row }) => row!.expiresAt));
      this.logger.warn(logLine({
        event: 'client_authentication.throttled',
        ...logContext,
        scopes: closed.map(({ counter }) => counter.scope),
        failures: Math.min(...closed.map(({ counter }) => counter.limit)),
        retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
      }));
    }
    return this.verdict(counters, rows, now, true);
  }

  /** After a success: forgets the failures of this client from this address, if there were any. */
  async recordSuccess(counters: ThrottleCounter[], addressFailures: number): Promise<void> {
    const address = counters.find((counter) => counter.scope === 'client_address');
    if (address && addressFailures > 0) await this.store.reset(address.key);
  }

  /** `afterIncrement`: the counters include this attempt, so reaching the limit is still allowed. */
  private verdict(counters: ThrottleCounter[], rows: AttemptCounter[], now: number, afterIncrement = false): ThrottleVerdict {
    let until = 0;
    for (const counter of counters) {
      const row = rows.find((candidate) => candidate.key === counter.key);
      if (!row || row.expiresAt <= now) continue;
      const over = afterIncrement ? row.failures > counter.limit : row.failures >= counter.limit;
      if (over) until = Math.max(until, row.expiresAt);
    }
    return until === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  /** A keyed digest, so the table holds no client id or address in clear (addresses are personal data). */
  private key(parts: string[]): string {
    return `${parts[0]}:${this.digester.digest(`throttle\0${parts.join('\0')}`)}`;
  }

  private async purge(now: number): Promise<void> {
    try {
      await this.store.purgeExpired(now);
    } catch (error) {
      new Logger('DcrModule').warn(`purging expired authentication counters failed: ${(error as Error)?.message}`);
    }
  }
}

function bucket(clientId: string, buckets: number): number {
  return createHash('sha256').update(clientId, 'utf8').digest().readUInt32BE(0) % buckets;
}
