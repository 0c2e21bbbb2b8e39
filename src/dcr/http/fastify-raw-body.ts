import type { IncomingMessage } from 'node:http';
import { DCR_RAW_BODY_ROUTE } from './raw-body.decorator';

/** A media type no client sends: only the module's pass-through parser is registered for it. */
const RAW_MEDIA_TYPE = 'application/x-nestjs-dcr-raw';
const ORIGINAL_CONTENT_TYPE = Symbol('dcr.originalContentType');
const INSTALLED = Symbol.for('nestjs-dcr.fastifyRawBody');

type RawRequest = IncomingMessage & { [ORIGINAL_CONTENT_TYPE]?: { value: string | undefined } };
type Done = (error?: Error | null, body?: unknown) => void;

/** The part of a Fastify instance used here (typed structurally: Fastify is an optional peer). @internal */
export interface FastifyLike {
  addHook(name: 'onRequest' | 'preValidation', hook: (request: FastifyRequestLike, reply: unknown, done: Done) => void): unknown;
  addContentTypeParser(type: string, parser: (request: FastifyRequestLike, payload: unknown, done: Done) => void): unknown;
  [INSTALLED]?: boolean;
}

/** @internal */
export interface FastifyRequestLike {
  raw: IncomingMessage;
  routeOptions?: { config?: Record<string, unknown> };
}

/**
 * Keeps Fastify's content-type parsers off the routes marked `@DcrRawBody()`. Fastify chooses a
 * parser by `Content-Type` before any handler runs, and answers unknown or malformed types (415),
 * bad JSON (400) and large bodies (413) with its own bodies. On a marked route the header is
 * swapped for a private type before parsing (`onRequest`), whose parser leaves the stream
 * unread, and put back before the handler (`preValidation`); the module's reader then applies
 * exactly the checks it applies on Express. Other routes are untouched. Idempotent.
 * @internal
 */
export function installFastifyRawBody(fastify: FastifyLike): void {
  if (fastify[INSTALLED]) return;
  fastify[INSTALLED] = true;
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions?.config?.[DCR_RAW_BODY_ROUTE] === true) {
      const raw = request.raw as RawRequest;
      raw[ORIGINAL_CONTENT_TYPE] = { value: raw.headers['content-type'] };
      raw.headers['content-type'] = RAW_MEDIA_TYPE;
    }
    done();
  });
  fastify.addContentTypeParser(RAW_MEDIA_TYPE, (request, _payload, done) => {
    // Sent by a client to another route: that route gets Fastify's usual answer.
    if (!(request.raw as RawRequest)[ORIGINAL_CONTENT_TYPE]) {
      const error = Object.assign(new Error(`Unsupported Media Type: ${RAW_MEDIA_TYPE}`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
      done(error);
      return;
    }
    done(null, undefined);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const raw = request.raw as RawRequest;
    const original = raw[ORIGINAL_CONTENT_TYPE];
    if (original) {
      if (original.value === undefined) delete raw.headers['content-type'];
      else raw.headers['content-type'] = original.value;
      delete raw[ORIGINAL_CONTENT_TYPE];
    }
    done();
  });
}
