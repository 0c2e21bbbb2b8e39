'use strict';
// An HTTP server under test as a child process: start it, time it to its first answer, sample its
// resident memory (from /proc) while load runs, stop it. A child of its own, so its CPU and memory
// are not mixed with the load generator's.
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const http = require('node:http');

/** VmRSS of a process in MiB, or NaN where /proc is not available. */
function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used, in ms, or NaN without /proc. Divided by the
 * requests it served, it is what a request costs the server whatever else the machine is doing,
 * which req/s on a shared machine is not.
 */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), from field 3 on: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

function answers(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode < 500));
    });
    request.on('error', () => resolve(false));
    request.setTimeout(1000, () => request.destroy());
  });
}

/**
 * Spawns `node <args>` with `env`, polls `probeUrl` every 10 ms and resolves once it answers
 * (any status below 500). `startupMs` is the time from spawn to that first answer.
 */
async function startChildServer({ name, args, env, cwd, probeUrl, timeoutMs = 60_000, onExit, stopSignal = 'SIGTERM' }) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const kill = () => {
    if (!exited) child.kill('SIGKILL');
  };
  onExit?.(kill);
  while (!(await answers(probeUrl))) {
    if (exited) throw new Error(`${name} exited before answering (code ${exited.code}, signal ${exited.signal})`);
    if (Number(process.hrtime.bigint() - started) / 1e6 > timeoutMs) {
      kill();
      throw new Error(`${name} did not answer ${probeUrl} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startupMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);

  /** Samples RSS every 200 ms until the returned function is called; it returns the peak in MiB. */
  const sampleRss = () => {
    let peak = rssMiB(child.pid);
    const timer = setInterval(() => {
      peak = Math.max(peak, rssMiB(child.pid));
    }, 200);
    return () => {
      clearInterval(timer);
      return Math.max(peak, rssMiB(child.pid));
    };
  };

  /** Sends `stopSignal`, then waits for the exit (SIGKILL after 10 s). */
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve(exited);
      const timer = setTimeout(kill, 10_000);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
      child.kill(stopSignal);
    });

  return { pid: child.pid, startupMs, rssMiB: () => rssMiB(child.pid), cpuMs: () => cpuMs(child.pid), sampleRss, stop };
}

module.exports = { startChildServer };
