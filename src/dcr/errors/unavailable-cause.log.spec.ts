import { QueryFailedError } from 'typeorm';
import { StorageUnavailableError, TemporarilyUnavailableError } from './dcr.error';
import { UnavailableCauseLog } from './unavailable-cause.log';

describe('UnavailableCauseLog', () => {
  function logWith(start = 1_000_000) {
    const lines: string[] = [];
    let now = start;
    const log = new UnavailableCauseLog({ error: (line: string) => lines.push(line) } as never, () => now);
    return { log, lines, advance: (ms: number) => (now += ms) };
  }

  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('logs the class and message of the cause once per 30 s per cause class, then counts what it left out', () => {
    const { log, lines, advance } = logWith();
    for (let i = 0; i < 5; i++) log.report(new StorageUnavailableError(undefined, refused()));
    expect(lines).toEqual([
      '503 temporarily_unavailable (StorageUnavailableError) caused by Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:5432; next line for this cause in 30 s at the earliest',
    ]);
    advance(29_999);
    log.report(new StorageUnavailableError(undefined, refused()));
    expect(lines).toHaveLength(1);
    advance(1);
    log.report(new StorageUnavailableError(undefined, refused()));
    expect(lines[1]).toBe(
      '503 temporarily_unavailable (StorageUnavailableError) caused by Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:5432 (5 more since the last line); next line for this cause in 30 s at the earliest',
    );
  });

  it('keeps other cause classes apart', () => {
    const { log, lines } = logWith();
    log.report(new StorageUnavailableError(undefined, refused()));
    log.report(new StorageUnavailableError(undefined, new TypeError('x is not a function')));
    log.report(new TemporarilyUnavailableError("the trusted issuer's keys could not be fetched", refused()));
    log.report(new StorageUnavailableError());
    expect(lines.map((line) => line.split(';')[0])).toEqual([
      '503 temporarily_unavailable (StorageUnavailableError) caused by Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:5432',
      '503 temporarily_unavailable (StorageUnavailableError) caused by TypeError: x is not a function',
      '503 temporarily_unavailable (TemporarilyUnavailableError) caused by Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:5432',
      '503 temporarily_unavailable (StorageUnavailableError) caused by no cause given',
    ]);
  });

  it('names the driver error under a QueryFailedError and never writes the statement or its parameters', () => {
    const { log, lines } = logWith();
    const driver = Object.assign(new Error('attempt to write a readonly database'), { name: 'SqliteError', code: 'SQLITE_READONLY' });
    log.report(new StorageUnavailableError(undefined, new QueryFailedError('INSERT INTO tech_client (id, secret_digest) VALUES (?, ?)', ['client-1', 'digest-secret'], driver)));
    expect(lines).toEqual([
      '503 temporarily_unavailable (StorageUnavailableError) caused by QueryFailedError [SqliteError SQLITE_READONLY]: attempt to write a readonly database; next line for this cause in 30 s at the earliest',
    ]);
    expect(lines[0]).not.toMatch(/INSERT|client-1|digest-secret/);
  });

  it('keeps the first line of a long message, capped, without control characters', () => {
    const { log, lines } = logWith();
    log.report(new StorageUnavailableError(undefined, new Error(`${'a'.repeat(300)}\nsecond line`)));
    log.report(new StorageUnavailableError(undefined, 'plain\u001b[31m string'));
    expect(lines[0]).toContain(`Error: ${'a'.repeat(200)}…;`);
    expect(lines[0]).not.toContain('second line');
    expect(lines[1]).toContain('caused by string: plain [31m string;');
  });
});
