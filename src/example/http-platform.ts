import type { AbstractHttpAdapter } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { requestIdOf } from './logging';

/** The platforms the example host runs on. */
export type HttpPlatform = 'express' | 'fastify';

/** `HTTP_ADAPTER=fastify|express` (default express); anything else is refused at start. */
export function httpPlatformOf(value: string | undefined): HttpPlatform {
  if (value === undefined || value === '' || value === 'express') return 'express';
  if (value === 'fastify') return 'fastify';
  throw new Error(`HTTP_ADAPTER must be "express" or "fastify" (got "${value.slice(0, 40)}")`);
}

/**
 * The adapter for `NestFactory.create(module, adapter, …)`: undefined for Express (Nest's
 * default), else a Fastify adapter set up to answer like Express does:
 * - `maxParamLength`: find-my-way answers 414 to a path parameter longer than 100 characters
 *   before any route runs; Express has no such limit, and the module answers an overlong id with
 *   its own 400 / 404 body. Node's header limit (16 KiB, the URL included) still bounds it.
 * - `genReqId`: the request id the logs carry (`X-Request-Id` when sane), as on Express.
 */
export function exampleHttpAdapter(platform: HttpPlatform): AbstractHttpAdapter | undefined {
  if (platform === 'express') return undefined;
  return new FastifyAdapter({ routerOptions: { maxParamLength: 16 * 1024 }, genReqId: (request: unknown) => requestIdOf(request as IncomingMessage) });
}
