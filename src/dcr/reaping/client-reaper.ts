import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { withEventId } from '../persistence/change-outbox';
import { TechClientEvents } from '../events/tech-client-events';
import type { ResolvedDcrOptions, ResolvedServerOptions } from '../options/resolved-options';
import { ReapingCriteria, TechClientStore } from '../persistence/tech-client.store';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import { JobLease } from '../persistence/job-lease';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BATCH = 500;
const LEASE = 'dcr-client-reaper';

/**
 * Deletes dynamically registered clients that were never used for `reaping.unusedDays`, or whose
 * secret expired `reaping.expiredSecretDays` ago (apps that re-register on every start leave
 * such clients behind), and, with \`tiers\`, anonymously registered clients never used within
 * \`tiers.anonymous.unusedLifetimeHours\`. Rows are deleted by age and use, never evicted to make
 * room. Runs every `reaping.intervalSeconds` on the instance holding the job
 * lease; each deletion is conditional on the version read, is counted out of the quotas and goes
 * through the interceptors and the audit log like any other.
 * @publicApi
 */
@Injectable()
export class ClientReaper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DcrReaper');
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions,
    private readonly store: TechClientStore,
    private readonly lease: JobLease,
    private readonly events: TechClientEvents,
  ) {}

  onApplicationBootstrap(): void {
    const intervals = this.servers().map((server) => server.reaping.intervalSeconds);
    if (intervals.length === 0) return;
    this.timer = setInterval(() => void this.runOnce().catch((error) => this.logger.error(`reaping failed: ${(error as Error).message}`)), Math.min(...intervals) * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over every server with a reaping rule; returns how many clients were deleted. */
  runOnce(now = Date.now()): Promise<number> {
    this.running ??= this.reap(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async reap(now: number): Promise<number> {
    const servers = this.servers();
    const ttl = Math.min(...servers.map((server) => server.reaping.intervalSeconds)) * 1000;
    if (servers.length === 0 || !(await this.lease.acquire(LEASE, this.holder, ttl))) return 0;
    let deleted = 0;
    for (const server of servers) {
      const criteria = reapingCriteria(server, now);
      for (const client of await this.store.findReapable(server.id, criteria, BATCH)) {
        const event = withEventId({
          change: 'deleted',
          clientId: client.id,
          authorizationServer: server.id,
          actor: { kind: 'system', id: 'reaper' },
          via: 'job',
          at: new Date(now),
          detail: reapingReason(server, criteria, client),
        });
        if (!(await this.store.delete(client.id, client.version, this.events.forOutbox(event)))) continue;
        deleted++;
        await this.events.publish(event);
      }
    }
    if (deleted) this.logger.log(`deleted ${deleted} forgotten client(s)`);
    return deleted;
  }

  private servers(): ResolvedServerOptions[] {
    return [...this.options.servers.values()].filter((server) => Object.keys(reapingCriteria(server, 0)).length > 0);
  }
}

/** What makes a client of `server` forgotten at `now`; empty when the server reaps nothing. */
function reapingCriteria(server: ResolvedServerOptions, now: number): ReapingCriteria {
  const { unusedDays, expiredSecretDays } = server.reaping;
  const anonymous = server.tiers?.anonymous;
  const lifetimeHours = anonymous?.enabled ? anonymous.unusedLifetimeHours : 0;
  return {
    ...(unusedDays > 0 && { unusedBefore: now - unusedDays * DAY_MS }),
    ...(expiredSecretDays > 0 && { secretExpiredBefore: Math.floor((now - expiredSecretDays * DAY_MS) / 1000) }),
    ...(lifetimeHours > 0 && { anonymousNeverUsedBefore: now - lifetimeHours * HOUR_MS }),
  };
}

/** The audit detail of a deletion: the first rule the client met. */
function reapingReason(server: ResolvedServerOptions, criteria: ReapingCriteria, client: TechClientEntity): string {
  if (criteria.anonymousNeverUsedBefore !== undefined && client.arrival === 'anonymous' && client.lastUsedAt === null && client.createdAt < criteria.anonymousNeverUsedBefore) {
    return `registered anonymously and not used within ${server.tiers!.anonymous.unusedLifetimeHours} hours`;
  }
  if (criteria.unusedBefore !== undefined && (client.lastUsedAt ?? client.createdAt) < criteria.unusedBefore) return `not used for ${server.reaping.unusedDays} days`;
  return `secret expired more than ${server.reaping.expiredSecretDays} days ago`;
}
