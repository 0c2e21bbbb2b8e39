'use strict';
// The framework floor of the HTTP load bench: an otherwise empty Nest application whose one
// controller does what the bare baseline does (answer the parsed body with a UUID and a 256-bit
// secret), on the adapter named by HTTP_ADAPTER (express or fastify). No module, no database, no
// logger. Whatever the example host cannot go below because it is a Nest application shows here,
// measured in the same run as the bare baseline. Plain JavaScript, so the decorators are applied
// by hand; started on PORT by the bench.
require('reflect-metadata');
const { randomBytes, randomUUID } = require('node:crypto');
const { Body, Controller, HttpCode, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

class EchoController {
  answer(body) {
    return {
      ...body,
      client_id: randomUUID(),
      client_secret: randomBytes(32).toString('base64url'),
      client_id_issued_at: Math.floor(Date.now() / 1000),
      client_secret_expires_at: 0,
    };
  }
}
const answer = Object.getOwnPropertyDescriptor(EchoController.prototype, 'answer');
Reflect.decorate([Post(['oauth2/register', 'oauth2/token']), HttpCode(201)], EchoController.prototype, 'answer', answer);
Body()(EchoController.prototype, 'answer', 0);
Reflect.decorate([Controller()], EchoController);

class EchoModule {}
Reflect.decorate([Module({ controllers: [EchoController] })], EchoModule);

async function main() {
  const adapter = process.env.HTTP_ADAPTER === 'fastify' ? new (require('@nestjs/platform-fastify').FastifyAdapter)() : undefined;
  const app = adapter ? await NestFactory.create(EchoModule, adapter, { logger: false }) : await NestFactory.create(EchoModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
