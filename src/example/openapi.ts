import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { addDcrSecuritySchemes, dcrOperationId } from '../dcr/entry-points/openapi';

/** Where the example host serves Swagger UI; the JSON document is at `/docs-json`. */
export const OPENAPI_PATH = 'docs';

/**
 * The OpenAPI 3 document of the example host: the module's registration, management and admin
 * routes (their decorators ship with the module) and the host's own token, JWKS, discovery and
 * health routes, with the module's security schemes.
 */
export function exampleOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = addDcrSecuritySchemes(
    new DocumentBuilder()
      .setTitle('nestjs-dcr example host')
      .setDescription(
        'OAuth 2.0 Dynamic Client Registration (RFC 7591), client configuration (RFC 7592), the technical-clients admin API, ' +
          'and the example host\'s token endpoint, JWKS, RFC 8414 discovery and health check. Errors are `{ error, error_description }`.',
      )
      .setVersion('1'),
  ).build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: dcrOperationId });
}

/**
 * Serves Swagger UI at `/docs` and the document at `/docs-json`. Call before `app.init()` /
 * `listen()`: on Fastify, routes cannot be added once the server is ready. The document is built
 * on the first request, when every controller is known.
 */
export function serveExampleOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => exampleOpenApiDocument(app));
}
