'use strict';
// One load run with autocannon (in this process): a fixed number of connections sending the same
// request back to back for a fixed time, after a short unmeasured warm-up.
const autocannon = require('autocannon');

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * `request`: { method, path, headers, body }. Returns requests per second (mean), latency p50/p99
 * in ms, and the counts of non-2xx answers and errors (which make a run invalid, not fast).
 * With `serverCpuMs` (the server's CPU time so far), also the server's CPU time per request over
 * the measured part, in µs.
 */
async function loadRun({ url, connections, seconds, warmupSeconds, request, serverCpuMs }) {
  const options = { url, connections, pipelining: 1, method: request.method, headers: request.headers, body: request.body };
  if (warmupSeconds > 0) await run({ ...options, duration: warmupSeconds });
  const cpuBefore = serverCpuMs?.();
  const result = await run({ ...options, duration: seconds });
  const cpuAfter = serverCpuMs?.();
  return {
    cpuMicrosPerRequest: serverCpuMs && result.requests.total ? Math.round(((cpuAfter - cpuBefore) * 1000) / result.requests.total) : null,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

module.exports = { loadRun };
