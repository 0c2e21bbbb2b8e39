import { Inject, Injectable, Logger } from '@nestjs/common';
import { DCR_TECH_CLIENT_INTERCEPTORS } from '../dcr.constants';
import { logLine } from '../logging/log-line';
import type { TechClientEvent } from './tech-client-event';
import type { TechClientInterceptor } from './tech-client.interceptor';

/**
 * Publishes committed changes: one audit line per change under the `DcrAudit` context (one line
 * of flat JSON in Nest's default logger, the same fields as a record in a structured logger),
 * then every interceptor in turn. Never throws: the change is already committed, and a listener
 * must not turn it into an error answer.
 * @publicApi
 */
@Injectable()
export class TechClientEvents {
  private readonly audit = new Logger('DcrAudit');
  private readonly logger = new Logger('DcrModule');

  constructor(@Inject(DCR_TECH_CLIENT_INTERCEPTORS) private readonly interceptors: TechClientInterceptor[]) {}

  async publish(event: TechClientEvent): Promise<void> {
    const { change, actor, at, ...rest } = event;
    this.audit.log(logLine({ event: `tech_client.${change}`, ...rest, actor: actor.kind, actorId: actor.id, at: at.toISOString() }));
    for (const interceptor of this.interceptors) {
      try {
        await interceptor.onChange(event);
      } catch (error) {
        this.logger.error(`TechClientInterceptor ${interceptor.constructor.name} failed on ${event.change} of ${event.clientId}: ${(error as Error)?.message}`);
      }
    }
  }
}
