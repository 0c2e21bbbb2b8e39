import { Injectable } from '@nestjs/common';
import { InvalidRequestError } from '../errors/dcr.error';
import { NotFoundError } from '../errors/not-found.error';
import { ChangeEventRecord, ChangeEventStatus, ChangeOutboxStore } from '../persistence/change-outbox.store';
import { ChangeDispatcher } from './change-dispatcher';

const STATUSES: readonly ChangeEventStatus[] = ['pending', 'delivered', 'dead'];
const MAX_LIMIT = 200;
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One page of outbox events, oldest first. @publicApi */
export interface ChangeEventPage {
  events: ChangeEventRecord[];
  limit: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The change outbox for operators: which events are dead-lettered (or still pending, or delivered
 * and not yet pruned), and sending a dead one again. Without HTTP; the admin API's
 * `<admin path>/change-events` routes call it.
 * @publicApi
 */
@Injectable()
export class ChangeEventsService {
  constructor(
    private readonly outbox: ChangeOutboxStore,
    private readonly dispatcher: ChangeDispatcher,
  ) {}

  async list(query: { status?: string; limit?: number; cursor?: string } = {}): Promise<ChangeEventPage> {
    const status = (query.status ?? 'dead') as ChangeEventStatus;
    if (!STATUSES.includes(status)) throw new InvalidRequestError(`status: must be one of ${STATUSES.join(', ')}`);
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidRequestError(`limit: must be an integer from 1 to ${MAX_LIMIT}`);
    let after = 0;
    if (query.cursor !== undefined) {
      if (!/^\d{1,15}$/.test(query.cursor)) throw new InvalidRequestError('cursor: not one this listing gave');
      after = Number(query.cursor);
    }
    const rows = await this.outbox.list(status, limit + 1, after);
    const page = rows.slice(0, limit);
    return {
      events: page.map(({ seq: _seq, ...record }) => record),
      limit,
      nextCursor: rows.length > limit ? String(page[page.length - 1].seq) : null,
    };
  }

  /**
   * A dead event back to pending with its attempts from zero; the dispatcher takes it at once. It
   * may now come after later events of its client: receivers order by the event's `at`, or treat
   * it as the replay it is.
   */
  async retry(id: string): Promise<ChangeEventRecord> {
    if (typeof id !== 'string' || !EVENT_ID.test(id)) throw new NotFoundError('no dead change event with this id');
    if (!(await this.outbox.retry(id, Date.now()))) throw new NotFoundError('no dead change event with this id');
    const [record] = await this.outbox.findById(id);
    this.dispatcher.nudge();
    if (!record) throw new NotFoundError('no dead change event with this id');
    const { seq: _seq, ...rest } = record;
    return rest;
  }
}
