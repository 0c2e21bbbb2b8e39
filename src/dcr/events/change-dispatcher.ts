import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DCR_RESOLVED_OPTIONS, DCR_TECH_CLIENT_INTERCEPTORS } from '../dcr.constants';
import { EVENTS_DEFAULTS, ResolvedEventsOptions } from '../options/resolve-events';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { DcrMetrics } from '../observability/dcr-metrics';
import type { StagedEvent } from '../persistence/change-outbox';
import { ChangeOutboxStore, ClaimedEvent } from '../persistence/change-outbox.store';
import { retryDelay } from './retry-delay';
import type { TechClientInterceptor } from './tech-client.interceptor';
import { sendWebhook } from './webhook-sender';

/** Delivered events are pruned at most this often. */
const PRUNE_EVERY_MS = 60_000;
/** A claim lasts this long beyond the time its deliveries may take, then another instance may take the event. */
const CLAIM_MARGIN_MS = 30_000;

/**
 * Delivers the change outbox: every event to every `TechClientInterceptor` and every subscribed
 * webhook, at least once, in order per client, surviving restarts (the rows are in the database),
 * and with one instance delivering each event however many run (see `ChangeOutboxStore.claim`).
 *
 * Runs on a timer (`events.outbox.pollIntervalMs`, `unref`'d so it never keeps a process alive)
 * and at once after each commit on this instance (`nudge`), so delivery normally follows the change
 * within milliseconds. Each attempt gives the event to every target, even after one of them failed;
 * it counts as delivered only when every target took it, and when one fails, all of them get it
 * again on the retry (exponential backoff with jitter), so interceptors
 * and receivers must be idempotent: they dedupe by `event.id`. After `maxAttempts` failures the
 * event is dead-lettered (status `dead`, listed and retried through the admin API) and the next
 * event of that client may go. Delivered rows are deleted after `retentionHours`.
 * @publicApi
 */
@Injectable()
export class ChangeDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DcrEvents');
  /** This instance, in `claimed_by`: host, process and a random part (two apps in one process differ). */
  private readonly holder = `${hostname().slice(0, 60)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly settings: ResolvedEventsOptions;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private stopped = false;
  private lastPrune = 0;
  /** Whether any interceptor or webhook is configured. */
  private readonly active: boolean;

  constructor(
    @Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions,
    @Inject(DCR_TECH_CLIENT_INTERCEPTORS) private readonly interceptors: TechClientInterceptor[],
    private readonly outbox: ChangeOutboxStore,
    private readonly metrics: DcrMetrics,
  ) {
    this.settings = options.events ?? EVENTS_DEFAULTS;
    this.active = interceptors.length > 0 || this.settings.webhooks.length > 0;
  }

  onApplicationBootstrap(): void {
    // Nothing to deliver to: no polling (events left by an earlier configuration wait for receivers).
    if (!this.active) return;
    this.timer = setInterval(() => this.nudge(), this.settings.outbox.pollIntervalMs);
    this.timer.unref();
    // Events left by a previous run (a crash between commit and delivery) go out now.
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Delivers due events soon; a nudge during a run makes the run go round once more. Never throws. */
  nudge(): void {
    if (this.stopped || !this.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runOnce().catch((error) => this.logger.warn(`change event delivery failed: ${(error as Error)?.message}`));
  }

  /** Rounds of claim and delivery until nothing is due; returns how many deliveries were attempted. */
  runOnce(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
    return this.running;
  }

  /**
   * Delivers until nothing is due, and resolves then (events waiting for a retry stay). For a host
   * that wants its interceptors to have seen every change before it goes on, and for tests.
   */
  async flush(): Promise<void> {
    while (this.running || (await this.runOnce()) > 0) await this.running?.catch(() => undefined);
  }

  private async drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      this.again = false;
      const claimed = await this.round();
      attempted += claimed;
      if (claimed === 0 || this.stopped) break;
    }
    await this.pruneIfDue();
    return attempted;
  }

  private async round(): Promise<number> {
    const now = Date.now();
    const webhookTime = this.settings.webhooks.reduce((sum, webhook) => sum + webhook.timeoutMs, 0);
    const claimed = await this.outbox.claim(this.holder, this.settings.outbox.batchSize, now, now + webhookTime + CLAIM_MARGIN_MS);
    // One event per client at most (only a client's oldest pending event is claimable): clients in parallel.
    await Promise.all(claimed.map((row) => this.deliver(row)));
    return claimed.length;
  }

  /**
   * One attempt: every target gets the event, in order, whether or not one before it failed (a
   * broken receiver must not keep the event from the others); the attempt fails if any failed.
   */
  private async attempt(event: StagedEvent): Promise<string[]> {
    const failures: string[] = [];
    for (const interceptor of this.interceptors) {
      try {
        await interceptor.onChange(event);
      } catch (error) {
        failures.push(`TechClientInterceptor ${interceptor.constructor.name}: ${(error as Error)?.message ?? String(error)}`);
      }
    }
    for (const webhook of this.settings.webhooks) {
      if (webhook.events && !webhook.events.includes(event.change)) continue;
      try {
        await sendWebhook(webhook, event);
      } catch (error) {
        failures.push((error as Error)?.message ?? String(error));
      }
    }
    return failures;
  }

  private async deliver({ seq, attempts, event }: ClaimedEvent): Promise<void> {
    const failures = await this.attempt(event);
    if (failures.length) {
      const failed = attempts + 1;
      const message = failures.join('; ');
      const { maxAttempts, retryDelayMs } = this.settings.outbox;
      const delay = retryDelay(failed, retryDelayMs);
      await this.outbox.failed(seq, this.holder, message, Date.now() + delay, maxAttempts);
      this.metrics.changeEventDelivery(failed >= maxAttempts ? 'dead' : 'retried');
      if (failed >= maxAttempts) {
        this.logger.error(`change event ${event.id} (${event.change} of ${event.clientId}) dead after ${failed} attempts: ${message}`);
      } else {
        this.logger.warn(`change event ${event.id} (${event.change} of ${event.clientId}) attempt ${failed} failed, retried in ${delay} ms: ${message}`);
        setTimeout(() => this.nudge(), delay).unref();
      }
      return;
    }
    await this.outbox.delivered(seq, this.holder, Date.now());
    this.metrics.changeEventDelivery('delivered');
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) await this.prune();
  }

  /** Deletes delivered events older than `retentionHours` now; returns how many. Runs by itself at most once a minute. */
  async prune(): Promise<number> {
    const now = Date.now();
    this.lastPrune = now;
    const pruned = await this.outbox.prune(now - this.settings.outbox.retentionHours * 3_600_000);
    if (pruned) this.logger.debug(`pruned ${pruned} delivered change event(s)`);
    return pruned;
  }
}
