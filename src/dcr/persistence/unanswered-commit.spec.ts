import { commitOutcomeUnknown } from './unanswered-commit';

describe('commitOutcomeUnknown', () => {
  it('is true for failures without a SQLSTATE: a client-side timeout, a lost connection', () => {
    expect(commitOutcomeUnknown(new Error('Query read timeout'))).toBe(true);
    expect(commitOutcomeUnknown(Object.assign(new Error('Connection terminated unexpectedly'), { driverError: {} }))).toBe(true);
  });

  it('is false when the server refused the COMMIT with a SQLSTATE', () => {
    expect(commitOutcomeUnknown(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(false);
    expect(commitOutcomeUnknown(Object.assign(new Error('violates foreign key'), { driverError: { code: '23503' } }))).toBe(false);
  });
});
