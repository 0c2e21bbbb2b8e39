'use strict';
// Latency statistics of a list of durations in milliseconds.

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The median of `values` (the lower middle for an even count): the figure of a scenario's rounds. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function summarize(durations) {
  const sorted = [...durations].sort((a, b) => a - b);
  const round = (value) => Math.round(value * 100) / 100;
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Runs `task(i)` `warmup` times unmeasured, then `iterations` times measured, one at a time. */
async function measure(task, { warmup, iterations }) {
  for (let i = 0; i < warmup; i++) await task(i);
  const durations = [];
  let last;
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    last = await task(i);
    durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ...summarize(durations), last };
}

module.exports = { measure, median, percentile, summarize };
