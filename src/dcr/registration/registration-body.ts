import { InvalidClientMetadataError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/dcr.error';
import type { BodyErrorFactory } from '../http/body-error';
import type { DcrHttpRequest } from '../http/http-request';
import { readJsonBody } from '../http/json-body.reader';
import { METADATA_LIMITS } from './client-metadata.bounds';

/** RFC 7591 §3.2.2: a body that is not client metadata is `invalid_client_metadata`. */
const registrationBodyError: BodyErrorFactory = (description, status) => {
  if (status === 413) return new PayloadTooLargeError(description);
  if (status === 415) return new UnsupportedMediaTypeError(description);
  return new InvalidClientMetadataError(description);
};

/** The JSON body of a registration or RFC 7592 update, within `METADATA_LIMITS.maxBodyBytes`. @internal */
export function readRegistrationBody(request: DcrHttpRequest): Promise<unknown> {
  return readJsonBody(request, { maxBytes: METADATA_LIMITS.maxBodyBytes, error: registrationBodyError });
}
