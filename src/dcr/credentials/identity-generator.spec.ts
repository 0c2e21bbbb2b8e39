import { serverWith } from '../testing/processing.spec-helper';
import { ConfiguredIdentityGenerator, RandomStringIdentityGenerator, UuidIdentityGenerator } from './identity-generator';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('identity generators', () => {
  describe('UuidIdentityGenerator', () => {
    it('makes UUID v4 values, all different over 1000 draws', () => {
      const generator = new UuidIdentityGenerator();
      const ids = Array.from({ length: 1000 }, () => generator.generate());
      expect(ids.every((id) => UUID_V4.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(1000);
    });
  });

  describe('RandomStringIdentityGenerator', () => {
    it.each([22, 32, 43, 64])('makes base64url strings of the configured length %i', (length) => {
      const server = serverWith({ clientId: { generator: 'random', length } });
      const id = new RandomStringIdentityGenerator().generate(server);
      expect(id).toHaveLength(length);
      expect(id).toMatch(BASE64URL);
    });

    it('makes 1000 different values', () => {
      const server = serverWith({ clientId: { generator: 'random', length: 22 } });
      const generator = new RandomStringIdentityGenerator();
      expect(new Set(Array.from({ length: 1000 }, () => generator.generate(server))).size).toBe(1000);
    });
  });

  describe('ConfiguredIdentityGenerator', () => {
    it('uses the UUID generator by default', () => {
      expect(new ConfiguredIdentityGenerator().generate(serverWith())).toMatch(UUID_V4);
    });

    it('uses the random generator when configured', () => {
      const id = new ConfiguredIdentityGenerator().generate(serverWith({ clientId: { generator: 'random' } }));
      expect(id).toHaveLength(32);
      expect(id).toMatch(BASE64URL);
    });
  });
});
