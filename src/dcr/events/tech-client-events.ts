import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS, DCR_TECH_CLIENT_INTERCEPTORS } from '../dcr.constants';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import type { StagedEvent } from '../persistence/change-outbox';
import { logLine } from '../logging/log-line';
import { ChangeDispatcher } from './change-dispatcher';
import type { TechClientEvent } from './tech-client-event';
import type { TechClientInterceptor } from './tech-client.interceptor';

/**
 * The public face of change events. The module's own changes write their event to the change
 * outbox in the transaction of the change and then call `publish`: it writes the audit line (one
 * line of flat JSON under the `DcrAudit` context, the same fields as a record in a structured
 * logger) and wakes the `ChangeDispatcher`, which delivers the stored event to the interceptors and
 * webhooks, at least once, retried until delivered or dead-lettered. Never throws: the change is
 * already committed, and a listener must not turn it into an error answer.
 * @publicApi
 */
@Injectable()
export class TechClientEvents {
  private readonly audit = new Logger('DcrAudit');
  private readonly logger = new Logger('DcrModule');

  /** Whether anything receives events: without interceptors and webhooks there is nothing to deliver, and nothing is written. */
  private readonly delivering: boolean;

  constructor(
    @Inject(DCR_TECH_CLIENT_INTERCEPTORS) private readonly interceptors: TechClientInterceptor[],
    private readonly dispatcher: ChangeDispatcher,
    @Inject(DCR_RESOLVED_OPTIONS) options: ResolvedDcrOptions,
  ) {
    this.delivering = interceptors.length > 0 || (options.events?.webhooks.length ?? 0) > 0;
  }

  /**
   * The event for the store to write to the outbox with the change, or undefined when no
   * interceptor or webhook is configured: a row nobody receives would cost every change a
   * statement (and the dispatcher two writes) for nothing.
   */
  forOutbox(event: StagedEvent): StagedEvent | undefined {
    return this.delivering ? event : undefined;
  }

  /**
   * After the commit of a change. An event with an `id` is in the outbox: the dispatcher is woken to
   * deliver it. An event without one (published by a host for a change of its own) was never stored:
   * it is given to the interceptors now, once, a failure only logged, as before the outbox existed.
   */
  async publish(event: TechClientEvent): Promise<void> {
    const { change, actor, at, id, ...rest } = event;
    this.audit.log(logLine({ event: `tech_client.${change}`, ...(id !== undefined && { eventId: id }), ...rest, actor: actor.kind, actorId: actor.id, at: at.toISOString() }));
    if (id !== undefined) {
      if (this.delivering) this.dispatcher.nudge();
      return;
    }
    for (const interceptor of this.interceptors) {
      try {
        await interceptor.onChange(event);
      } catch (error) {
        this.logger.error(`TechClientInterceptor ${interceptor.constructor.name} failed on ${event.change} of ${event.clientId}: ${(error as Error)?.message}`);
      }
    }
  }
}
