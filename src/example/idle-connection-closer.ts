import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/**
 * On shutdown the HTTP server stops accepting and waits for open connections. Requests in flight
 * finish, but their keep-alive connections would then idle until the keep-alive timeout: close
 * each one as soon as it is idle, so SIGTERM ends the process right after the last answer.
 */
@Injectable()
export class IdleConnectionCloser implements BeforeApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const timer = setInterval(() => server.closeIdleConnections(), 50);
    timer.unref();
    server.once('close', () => clearInterval(timer));
  }
}
