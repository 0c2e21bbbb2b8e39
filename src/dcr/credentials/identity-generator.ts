import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ResolvedServerOptions } from '../options/resolved-options';
import { randomBase64Url } from '../secrets/random-value';

/**
 * Makes `client_id` values. Never takes one from the request (RFC 7591 §3.2.1: the server
 * issues it). A collision with a stored id is retried with a new value, never overwritten.
 * @publicApi
 */
export abstract class IdentityGenerator {
  abstract generate(server: ResolvedServerOptions): string | Promise<string>;
}

/** Random UUID v4, the reference product's recommended generator. @publicApi */
@Injectable()
export class UuidIdentityGenerator extends IdentityGenerator {
  generate(): string {
    return randomUUID();
  }
}

/** Random base64url string of `clientId.length` characters. @publicApi */
@Injectable()
export class RandomStringIdentityGenerator extends IdentityGenerator {
  generate(server: ResolvedServerOptions): string {
    return randomBase64Url(server.clientId.length);
  }
}

/**
 * @default the generator chosen by each server's `clientId.generator` option.
 * @publicApi
 */
@Injectable()
export class ConfiguredIdentityGenerator extends IdentityGenerator {
  private readonly uuid = new UuidIdentityGenerator();
  private readonly random = new RandomStringIdentityGenerator();

  generate(server: ResolvedServerOptions): string {
    return server.clientId.generator === 'random' ? this.random.generate(server) : this.uuid.generate();
  }
}
