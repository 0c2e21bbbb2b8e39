import { Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** Names Express gives the middleware of `express.json()` and `express.urlencoded()`. */
const PARSERS = { jsonParser: 'JSON', urlencodedParser: 'form' } as const;

interface ExpressAppLike {
  /** Express 5. */
  router?: { stack?: { handle?: { name?: string } }[] };
  /** Express 4. */
  _router?: { stack?: { handle?: { name?: string } }[] };
}

/**
 * The application-wide body parsers installed on an Express app before the routes: those of
 * Nest's `bodyParser` option (left on by default), or `app.use(express.json())` in `main.ts`
 * before `init()`. Found by the names Express gives them (`jsonParser`, `urlencodedParser`) in the
 * app's router stack. @internal
 */
export function globalExpressBodyParsers(app: ExpressAppLike | undefined): string[] {
  const stack = app?.router?.stack ?? app?._router?.stack;
  if (!Array.isArray(stack)) return [];
  const names = new Set(stack.map((layer) => layer?.handle?.name));
  return Object.entries(PARSERS).filter(([name]) => names.has(name)).map(([, kind]) => kind);
}

/**
 * Warns at start-up when a global body parser runs before the module's routes on Express: it
 * reads the body first, so the module can no longer detect a duplicate JSON member (the parsed
 * object keeps the last one), and malformed or oversized JSON gets Express's error instead of an
 * RFC 7591 answer. On Fastify nothing is needed: the module keeps Fastify's parsers off its own
 * routes (see `installFastifyRawBody`). Runs after Nest installed its parsers (`app.init()`);
 * a parser added later, after `init()`, is not seen.
 * @internal
 */
@Injectable()
export class BodyParserWarning implements OnApplicationBootstrap {
  private readonly logger = new Logger('DcrModule');

  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const parsers = globalExpressBodyParsers(adapter.getInstance<ExpressAppLike>());
    if (parsers.length === 0) return;
    this.logger.warn(
      `A global ${parsers.join(' and ')} body parser runs before the module's routes (Nest's bodyParser option is on): ` +
        'a duplicate JSON member goes undetected and malformed or oversized bodies get the framework\'s error instead of an RFC 7591 answer. ' +
        'Create the application with NestFactory.create(AppModule, { bodyParser: false })',
    );
  }
}
