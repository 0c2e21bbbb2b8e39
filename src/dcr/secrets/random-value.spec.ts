import { randomBase64Url } from './random-value';

const nodeCrypto: typeof import('node:crypto') = jest.requireActual('node:crypto');

describe('randomBase64Url', () => {
  it.each([1, 2, 3, 4, 5, 32, 43, 64])('gives %i base64url characters', (length) => {
    expect(randomBase64Url(length)).toMatch(new RegExp(`^[A-Za-z0-9_-]{${length}}$`));
  });

  it('gives a different value each time', () => {
    const values = new Set(Array.from({ length: 100 }, () => randomBase64Url(43)));
    expect(values.size).toBe(100);
  });

  it('draws its bytes from the CSPRNG: 6 bits per character, rounded up to whole bytes', () => {
    const draw = jest.spyOn(nodeCrypto, 'randomBytes');
    try {
      for (const [length, bytes] of [[43, 33], [32, 24], [5, 4], [1, 1]]) {
        draw.mockClear();
        randomBase64Url(length);
        expect(draw.mock.calls).toEqual([[bytes]]);
      }
    } finally {
      draw.mockRestore();
    }
  });
});
