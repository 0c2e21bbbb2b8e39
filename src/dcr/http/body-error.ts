import type { DcrError } from '../errors/dcr.error';

/** Why a request body is refused: 400 unreadable, 413 too large, 415 another media type. @publicApi */
export type BodyProblem = 400 | 413 | 415;

/**
 * Turns a body problem into the error of the endpoint that reads it: each protocol names the
 * same problem differently (RFC 7591 `invalid_client_metadata`, RFC 6749 `invalid_request`).
 * @publicApi
 */
export type BodyErrorFactory = (description: string, status: BodyProblem) => DcrError;
