import { FastifyAdapter } from '@nestjs/platform-fastify';
import { exampleHttpAdapter, httpPlatformOf } from './http-platform';

describe('HTTP_ADAPTER of the example host', () => {
  it('defaults to Express and accepts express or fastify', () => {
    expect(httpPlatformOf(undefined)).toBe('express');
    expect(httpPlatformOf('')).toBe('express');
    expect(httpPlatformOf('express')).toBe('express');
    expect(httpPlatformOf('fastify')).toBe('fastify');
  });

  it('refuses anything else at start rather than silently running on Express', () => {
    expect(() => httpPlatformOf('Fastify')).toThrow('HTTP_ADAPTER must be "express" or "fastify" (got "Fastify")');
  });

  it('gives Nest its default adapter for Express and a Fastify adapter for Fastify', () => {
    expect(exampleHttpAdapter('express')).toBeUndefined();
    expect(exampleHttpAdapter('fastify')).toBeInstanceOf(FastifyAdapter);
  });
});
