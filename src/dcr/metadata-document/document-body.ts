import { InvalidClientMetadataError } from '../errors/dcr.error';
import { duplicateMember } from '../http/duplicate-member';
import type { FetchedDocument } from '../fetch/guarded-fetcher';

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** The JSON of a fetched client metadata document: a JSON media type, UTF-8, no member named twice. @internal */
export function parseDocument(document: FetchedDocument): unknown {
  if (!JSON_MEDIA_TYPE.test(document.contentType ?? '')) throw new InvalidClientMetadataError('the document must be served as application/json');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(document.body);
  } catch {
    throw new InvalidClientMetadataError('the document is not valid UTF-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InvalidClientMetadataError('the document is not valid JSON');
  }
  const duplicate = duplicateMember(text);
  if (duplicate !== undefined) throw new InvalidClientMetadataError(`member "${duplicate.slice(0, 100)}" appears twice in one object`);
  return body;
}
