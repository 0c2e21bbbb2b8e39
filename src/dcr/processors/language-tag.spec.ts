import { isLanguageTag } from './language-tag';

describe('isLanguageTag', () => {
  it.each(['de', 'de-CH', 'zh-Hant-TW', 'sgn-CH-DE', 'en-US-x-twain'])('accepts %s', (tag) => {
    expect(isLanguageTag(tag)).toBe(true);
  });

  it.each(['', 'd', 'de_CH', '1de', 'de-', '-de', 'de-CH-', 'verylongx', 'de CH', 'de-toolongsub'])('refuses %j', (tag) => {
    expect(isLanguageTag(tag)).toBe(false);
  });
});
