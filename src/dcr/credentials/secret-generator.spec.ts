import { serverWith } from '../testing/processing.spec-helper';
import { RandomSecretGenerator } from './secret-generator';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const generator = new RandomSecretGenerator();

describe('RandomSecretGenerator', () => {
  it('makes 43 base64url characters (256 bits) by default', () => {
    const secret = generator.generate(serverWith({ clientSecret: {} }));
    expect(secret).toHaveLength(43);
    expect(secret).toMatch(BASE64URL);
  });

  it('falls back to 43 characters for a server without a clientSecret option', () => {
    expect(generator.generate(serverWith())).toHaveLength(43);
  });

  it.each([22, 32, 64, 512])('makes secrets of the configured length %i', (length) => {
    const secret = generator.generate(serverWith({ clientSecret: { length } }));
    expect(secret).toHaveLength(length);
    expect(secret).toMatch(BASE64URL);
  });

  it('makes 1000 different secrets', () => {
    const server = serverWith({ clientSecret: { length: 22 } });
    expect(new Set(Array.from({ length: 1000 }, () => generator.generate(server))).size).toBe(1000);
  });
});
