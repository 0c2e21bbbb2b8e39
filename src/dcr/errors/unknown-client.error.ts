import { DcrError } from './dcr.error';

/** A `client_id` that names no usable client here: 400 `invalid_client`. @publicApi */
export class UnknownClientError extends DcrError {
  readonly status = 400;
  readonly error = 'invalid_client';

  constructor(description = 'client_id: unknown client') {
    super(description);
  }
}
