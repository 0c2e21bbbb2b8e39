import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyLike, installFastifyRawBody } from './fastify-raw-body';

/**
 * On `@nestjs/platform-fastify`, lets the `@DcrRawBody()` routes read their own bodies (see
 * `installFastifyRawBody`). Runs in `app.init()`, before Fastify is ready, so hooks and parsers
 * may still be added. Nothing to do on Express.
 * @internal
 */
@Injectable()
export class FastifyBodyInstaller implements OnModuleInit {
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    installFastifyRawBody(adapter.getInstance<FastifyLike>());
  }
}
