/**
 * Fastify route config key (the one `@RouteConfig()` of `@nestjs/platform-fastify` writes; Nest
 * copies it into the route's `config`). Written here so the module does not need that package.
 * @internal
 */
export const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';

/** Route config flag of the routes whose body the module reads itself. @internal */
export const DCR_RAW_BODY_ROUTE = 'dcrRawBody';

/**
 * Marks a route whose handler reads its own body (`readFormBody`, the module's JSON reader) or
 * expects none (a body sent anyway is ignored, as on Express): on
 * Fastify, `DcrModule` then keeps every content-type parser off it, so the handler sees the raw
 * bytes and answers 413/415/400 with OAuth error bodies instead of Fastify's. No effect on
 * Express (where the host keeps body parsing off, as `bodyParser: false` does).
 * @publicApi
 */
export function DcrRawBody(): MethodDecorator {
  return (_target, _key, descriptor) => {
    // Merged into a route config already there (`@RouteConfig()` written below this decorator);
    // a `@RouteConfig()` written above it replaces the whole config, flag included.
    const existing = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, descriptor.value as object) as Record<string, unknown> | undefined;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...existing, [DCR_RAW_BODY_ROUTE]: true }, descriptor.value as object);
    return descriptor;
  };
}
