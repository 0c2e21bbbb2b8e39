// A host app outside the repository: plain CommonJS, the library imported by its package name.
require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { DCR_ENTITIES, DCR_MIGRATIONS, DcrModule } = require('nestjs-dcr');
const { readFormBody } = require('nestjs-dcr/http');

/** How a deep import of an internal file ends: the package exports only its entry points. */
function deepImport() {
  try {
    require('nestjs-dcr/dist/dcr/http/request-base-url');
    return 'loaded';
  } catch (error) {
    return error.code;
  }
}

class AppModule {}
Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'sqljs', entities: DCR_ENTITIES, migrations: DCR_MIGRATIONS, migrationsRun: true }),
    DcrModule.forRoot({ secretKey: 'scratch-app-secret-key-0123456789abcdef', clientSecret: {}, processors: { tokenEndpointAuthMethod: {} } }),
  ],
})(AppModule);

(async () => {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: false });
  await app.listen(0, '127.0.0.1');
  const response = await fetch(`${await app.getUrl()}/oauth2/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_types: ['client_credentials'] }),
  });
  console.log(JSON.stringify({ status: response.status, body: await response.json(), http: typeof readFormBody, deep: deepImport() }));
  await app.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
