#!/usr/bin/env node
'use strict';
// Summarises a JFR recording of Liveroom (run.sh with PROFILE=1): CPU samples by top frame, by the first
// com.liveroom frame on the stack, by the thread, and the same for time spent parked or waiting on a monitor.
//
//   node jfr-top.js results/tmp-run/liveroom.jfr [--after HH:MM:SS] [--before HH:MM:SS] [--top 25]

const { execFileSync } = require('child_process');

const argv = process.argv.slice(2);
const file = argv.find((a) => a.endsWith('.jfr'));
const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : dflt; };
const after = opt('after', '');
const before = opt('before', '99');
const topN = Number(opt('top', 25));
if (!file) { console.error('usage: jfr-top.js <file.jfr> [--after HH:MM:SS] [--top N]'); process.exit(2); }

function events(name) {
  const text = execFileSync('jfr', ['print', '--stack-depth', '64', '--events', name, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return text.split(new RegExp(`^${name.replace('.', '\\.')} \\{`, 'm')).slice(1).map((e) => ({
    time: (/startTime = (\S+)/.exec(e) || [])[1] || '',
    thread: ((/(?:sampledThread|eventThread) = "([^"]*)"/.exec(e) || [])[1] || '?').replace(/\d+/g, '#'),
    duration: parseDuration((/duration = ([^\n]+)/.exec(e) || [])[1]),
    frames: [...e.matchAll(/^\s+([\w.$<>]+)\(/gm)].map((m) => m[1]),
  })).filter((e) => e.frames.length && (!after || e.time >= after) && e.time < before);
}

function parseDuration(s) {
  if (!s) return 0;
  const m = /([\d.]+) (ms|s|us|ns)/.exec(s);
  if (!m) return 0;
  return Number(m[1]) * { s: 1000, ms: 1, us: 0.001, ns: 0.000001 }[m[2]];
}

function table(title, counter, total, unit) {
  console.log(`\n${title}`);
  [...counter.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN)
    .forEach(([k, v]) => console.log(`${(v * 100 / total).toFixed(1).padStart(5)}%  ${unit ? `${Math.round(v)} ${unit}  ` : ''}${k}`));
}

const count = (map, key, by = 1) => map.set(key, (map.get(key) || 0) + by);
const appFrame = (frames) => frames.find((f) => f.startsWith('com.liveroom')) || '(no com.liveroom frame)';
const NOT_LIB = /^(java\.|jdk\.|sun\.|org\.glassfish\.grizzly\.|org\.glassfish\.tyrus\.|org\.h2\.|org\.eclipse\.persistence\.)/;

const samples = events('jdk.ExecutionSample');
const top = new Map(); const app = new Map(); const threads = new Map(); const lib = new Map();
for (const s of samples) {
  count(top, s.frames[0]);
  count(app, appFrame(s.frames));
  count(threads, s.thread);
  count(lib, (s.frames.find((f) => /^(org\.h2|org\.eclipse\.persistence|org\.glassfish\.tyrus|org\.glassfish\.grizzly|org\.glassfish\.jersey|org\.eclipse\.yasson|org\.glassfish\.json|com\.nimbusds)/.test(f)) || 'other').split('.').slice(0, 3).join('.'));
}
console.log(`${samples.length} CPU samples${after ? ` after ${after}` : ''}`);
table('CPU by top frame', top, samples.length);
table('CPU by first com.liveroom frame on the stack', app, samples.length);
table('CPU by library (first library frame from the top)', lib, samples.length);
table('CPU by thread', threads, samples.length);

for (const name of ['jdk.ThreadPark', 'jdk.JavaMonitorEnter', 'jdk.JavaMonitorWait']) {
  let list;
  try { list = events(name); } catch (e) { continue; }
  if (!list.length) continue;
  const where = new Map();
  let total = 0;
  for (const e of list) {
    total += e.duration;
    const first = e.frames.find((f) => !NOT_LIB.test(f) || f.startsWith('org.h2')) || e.frames[0];
    count(where, `${e.thread}: ${first} < ${appFrame(e.frames)}`, e.duration);
  }
  table(`${name}: ${list.length} events over the threshold, ${Math.round(total)} ms in all`, where, total, 'ms');
}
