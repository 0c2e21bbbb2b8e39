#!/usr/bin/env node
'use strict';
// `node bench/profile-summary.js <file.cpuprofile> [top]`: self time of a V8 CPU profile (as
// written by `node --cpu-prof`) summed by function and by file, largest first, to find hot spots.
const { readFileSync } = require('node:fs');

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArgument ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
// timeDeltas[i] is the time before samples[i]: the self time of that sample's node.
const selfMicros = new Map();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

function shortFile(url) {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

const byFunction = new Map();
const byFile = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = nodes.get(id);
  const where = shortFile(callFrame.url);
  const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  const group = where.startsWith('dist/') || where === '(native)' ? where : where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/');
  byFile.set(group, (byFile.get(group) ?? 0) + micros);
}

function print(title, map) {
  console.log(`\n${title}`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((micros / total) * 100).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

// Inclusive time of the project's own functions (dist/): self time plus everything they called,
// counted once per call path even when a function recurses.
const inclusive = new Map();
function walk(id, onPath) {
  const node = nodes.get(id);
  let micros = selfMicros.get(id) ?? 0;
  const { callFrame } = node;
  const where = shortFile(callFrame.url);
  const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
  const own = where.startsWith('dist/') && !onPath.has(name);
  if (own) onPath.add(name);
  for (const child of node.children ?? []) micros += walk(child, onPath);
  if (own) {
    onPath.delete(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
  return micros;
}
walk(profile.nodes[0].id, new Set());

console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by function', byFunction);
print('self time by package or file', byFile);
print('inclusive time of the project\'s functions (dist/)', inclusive);
