/** A response of either platform: Express `Response` or Fastify `FastifyReply`. @internal */
export type DcrHttpResponse = { header(name: string, value: string): unknown };

/**
 * Sets a response header on Express (`res.header`, alias of `res.set`) or Fastify
 * (`reply.header`): both platforms name the method the same.
 * @internal
 */
export function setResponseHeader(response: unknown, name: string, value: string): void {
  (response as DcrHttpResponse).header(name, value);
}
