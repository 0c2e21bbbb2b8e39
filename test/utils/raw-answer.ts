import type { ClientRequest } from 'node:http';

/**
 * The answer to a request written by hand with `node:http` (for what supertest cannot do: a
 * chunked body, a body still being sent): its status and its whole body as text.
 */
export function answerOf(call: ClientRequest): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    call.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    call.on('error', reject);
  });
}
