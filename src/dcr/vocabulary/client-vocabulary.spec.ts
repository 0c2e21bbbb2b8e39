import { CLIENT_ID_MAX_LENGTH, hasControlCharacter, isPlausibleClientId, isScopeSyntax, isSecretAuthMethod, registeredAuthMethod, scopeTokens } from './client-vocabulary';

describe('client vocabulary', () => {
  it('accepts a client id up to the column length, without controls or lone surrogates', () => {
    expect(isPlausibleClientId('a'.repeat(CLIENT_ID_MAX_LENGTH))).toBe(true);
    expect(isPlausibleClientId('a'.repeat(CLIENT_ID_MAX_LENGTH + 1))).toBe(false);
    expect(isPlausibleClientId('a\u0000b')).toBe(false);
    expect(isPlausibleClientId('a\u2028b')).toBe(false);
    expect(isPlausibleClientId('a\uD800b')).toBe(false);
  });

  it('finds C0, C1, DEL and the Unicode line separators, nothing else', () => {
    for (const control of ['\t', '\n', '\u007F', '\u0085', '\u2029']) expect(hasControlCharacter(`a${control}`)).toBe(true);
    expect(hasControlCharacter('Ünïcode name – fine')).toBe(false);
  });

  it('splits scope into distinct tokens and checks RFC 6749 §3.3 syntax', () => {
    expect(scopeTokens('b a  b')).toEqual(['b', 'a']);
    expect(isScopeSyntax('api:read api:write')).toBe(true);
    for (const bad of ['', ' a', 'a  b', 'a\\b', 'a"b', 'é']) expect(isScopeSyntax(bad)).toBe(false);
  });

  it('knows which methods hold a secret', () => {
    expect(isSecretAuthMethod('client_secret_basic')).toBe(true);
    expect(isSecretAuthMethod('client_secret_post')).toBe(true);
    for (const other of ['none', 'private_key_jwt', null, undefined]) expect(isSecretAuthMethod(other)).toBe(false);
  });

  it('says how a stored client authenticates when it registered no method', () => {
    expect(registeredAuthMethod({ tokenEndpointAuthMethod: 'client_secret_post' })).toBe('client_secret_post');
    // RFC 7591 §2 default, and what a client without a secret can only be.
    expect(registeredAuthMethod({ tokenEndpointAuthMethod: null })).toBe('client_secret_basic');
    expect(registeredAuthMethod({ tokenEndpointAuthMethod: null, hasSecret: true })).toBe('client_secret_basic');
    expect(registeredAuthMethod({ tokenEndpointAuthMethod: null, hasSecret: false })).toBe('none');
  });
});
