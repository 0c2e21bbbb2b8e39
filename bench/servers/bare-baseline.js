'use strict';
// The bare baseline of the HTTP load bench: plain node:http, no framework and no database. It
// reads the whole body, parses it (JSON, else form-encoded), mints a UUID and a 256-bit secret
// and answers JSON, which is the least any registration or token endpoint has to do. Every
// ratio in the bench is relative to this process, measured in the same run on the same machine.
const { randomBytes, randomUUID } = require('node:crypto');
const http = require('node:http');

const MAX_BODY = 64 * 1024;

function parse(type, text) {
  if (String(type).startsWith('application/json')) return JSON.parse(text);
  return Object.fromEntries(new URLSearchParams(text));
}

const server = http.createServer((request, response) => {
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  request.on('end', () => {
    let body;
    try {
      body = request.method === 'POST' ? parse(request.headers['content-type'], Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client_metadata"}');
      return;
    }
    const answer = JSON.stringify({
      ...body,
      client_id: randomUUID(),
      client_secret: randomBytes(32).toString('base64url'),
      client_id_issued_at: Math.floor(Date.now() / 1000),
      client_secret_expires_at: 0,
    });
    response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(answer);
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
