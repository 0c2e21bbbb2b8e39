/** BCP 47 language tag shape (`de`, `de-CH`, `zh-Hant-TW`), as used after `#` in field names. @internal */
export function isLanguageTag(tag: string): boolean {
  return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}$/.test(tag);
}
