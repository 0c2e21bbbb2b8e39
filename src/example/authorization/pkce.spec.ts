import { pkceProblem, verifierMatches } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (S256 only)', () => {
  it('accepts the RFC 7636 example and nothing else', () => {
    expect(pkceProblem(CHALLENGE, 'S256')).toBeUndefined();
    expect(verifierMatches(VERIFIER, CHALLENGE)).toBe(true);
    expect(verifierMatches(`${VERIFIER.slice(0, -1)}A`, CHALLENGE)).toBe(false);
    expect(verifierMatches(CHALLENGE, CHALLENGE)).toBe(false);
  });

  it('refuses plain, a missing method (plain by default) and a missing or malformed challenge', () => {
    expect(pkceProblem(CHALLENGE, 'plain')).toBe('code_challenge_method must be S256 (plain is not accepted)');
    expect(pkceProblem(CHALLENGE, undefined)).toBe('code_challenge_method must be S256 (plain is not accepted)');
    expect(pkceProblem(undefined, 'S256')).toBe('code_challenge is required (PKCE, RFC 7636)');
    expect(pkceProblem(`${CHALLENGE}=`, 'S256')).toMatch(/43 base64url characters/);
  });

  it('refuses verifiers outside RFC 7636 §4.1 (length 43 to 128, unreserved characters)', () => {
    expect(verifierMatches('short', CHALLENGE)).toBe(false);
    expect(verifierMatches('a'.repeat(129), CHALLENGE)).toBe(false);
    expect(verifierMatches(`${VERIFIER.slice(0, -1)}+`, CHALLENGE)).toBe(false);
  });
});
