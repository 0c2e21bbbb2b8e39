import { retryDelay } from './retry-delay';

describe('retryDelay', () => {
  it('doubles with each failure, within the upper half of its ceiling', () => {
    expect(retryDelay(1, 1000, () => 0)).toBe(500);
    expect(retryDelay(1, 1000, () => 1)).toBe(1000);
    expect(retryDelay(2, 1000, () => 1)).toBe(2000);
    expect(retryDelay(4, 1000, () => 0.5)).toBe(6000);
  });

  it('never waits more than 15 minutes', () => {
    expect(retryDelay(100, 1000, () => 1)).toBe(15 * 60_000);
  });
});
