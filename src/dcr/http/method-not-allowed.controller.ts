import { applyDecorators, Controller, RequestMapping, RequestMethod, Type, UseFilters } from '@nestjs/common';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { MethodNotAllowedError } from '../errors/method-not-allowed.error';
import { ApiExcludeController } from '../openapi/swagger.decorators';
import { DcrRawBody } from './raw-body.decorator';

/** The methods a path of the module may serve. @internal */
export type ServedMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly ServedMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Answered 405 where not served; OPTIONS is never served here (a CORS preflight is answered before routing). */
const ANSWERED: readonly (ServedMethod | 'OPTIONS')[] = [...METHODS, 'OPTIONS'];

/**
 * A controller that answers 405 with `Allow` for every method a path under `prefix` does not
 * serve, where the frameworks would answer a 404 as if the path did not exist. HEAD comes with
 * GET. OPTIONS gets the 405 too: a CORS preflight, where CORS is configured (the module's `cors`
 * or the host's), is answered by middleware before any route. Its routes read no body
 * (`@DcrRawBody()`: on Fastify no content-type parser runs first) and stay out of the OpenAPI
 * document.
 * @internal
 */
export function methodNotAllowedController(
  name: string, prefix: string, served: Record<string, readonly ServedMethod[]>, ...decorators: ClassDecorator[]
): Type {
  class MethodsNotServed {}
  let index = 0;
  for (const [path, methods] of Object.entries(served)) {
    const allowed = METHODS.filter((method) => methods.includes(method)).flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]));
    for (const method of ANSWERED.filter((candidate) => !methods.includes(candidate as ServedMethod))) {
      const key = `notServed${index++}`;
      const descriptor = { value: () => { throw new MethodNotAllowedError(allowed); }, writable: true, configurable: true };
      Object.defineProperty(MethodsNotServed.prototype, key, descriptor);
      RequestMapping({ path, method: RequestMethod[method] })(MethodsNotServed.prototype, key, descriptor);
      DcrRawBody()(MethodsNotServed.prototype, key, descriptor);
    }
  }
  applyDecorators(Controller(prefix), UseFilters(DcrExceptionFilter), ApiExcludeController(), ...decorators)(MethodsNotServed);
  Object.defineProperty(MethodsNotServed, 'name', { value: name });
  return MethodsNotServed;
}
