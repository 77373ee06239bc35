#!/usr/bin/env node
'use strict';
// Turns the JSON the load generator wrote into bench/results/results.md and bench/results/p95-vs-clients.svg.
// The last line printed is the headline ratio.
//
//   node report.js <dir with the JSON files> <results dir> [notes file]

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execSync } = require('child_process');

const [rawDir, outDir, notesFile] = process.argv.slice(2);
const read = (name) => {
  const f = path.join(rawDir, name);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
};
const lrB = read('liveroom-broadcast.json');
const peerB = read('peer-broadcast.json');
const lrRss = read('liveroom-rss.json');
const peerRss = read('peer-rss.json');
const lrHist = read('liveroom-history.json');
const lrIngest = read('liveroom-ingest.json');
const peerIngest = read('peer-ingest.json');
const meta = fs.existsSync(path.join(rawDir, 'meta.json')) ? JSON.parse(fs.readFileSync(path.join(rawDir, 'meta.json'), 'utf8')) : {};

const sh = (cmd) => { try { return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch (e) { return '?'; } };
const cpu = (sh("lscpu | sed -n 's/^Model name:[ ]*//p'") || os.cpus()[0].model).split('\n')[0];
const machine = {
  date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
  cpu: `${cpu}, ${os.cpus().length} cores`,
  memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  kernel: `${os.type()} ${os.release()}`,
  java: sh("java -version 2>&1 | sed -n 2p"),
  node: process.version,
  ...meta,
};

const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? '–' : Number(v).toFixed(d));
const maxOf = (b) => (b ? b.maxClients : 0);
const ratio = maxOf(peerB) ? maxOf(lrB) / maxOf(peerB) : NaN;

function stepTable(b) {
  if (!b) return '_not run_\n';
  const rows = ['| clients | sent | deliveries/s | p50 ms | p95 ms | p99 ms | max ms | lost | closed | load gen CPU | other CPU | pass |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--:|'];
  for (const s of b.steps) {
    if (s.error) { rows.push(`| ${s.clients} | | | | | | | | | | | ${s.error} |`); continue; }
    const l = s.latencyMs;
    rows.push(`| ${s.clients} | ${s.sent} | ${s.deliveriesPerS} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${s.lost}`
      + ` | ${s.closed} | ${s.loadgen.cpuPct}% | ${s.loadgen.foreignCpuPct}% | ${s.pass ? 'yes' : '**no**'} |`);
  }
  return rows.join('\n') + '\n';
}

function rssTable(r) {
  if (!r) return '_not run_\n';
  const rows = ['| idle connections | RSS MiB | RSS delta MiB | KB per connection |', '|---:|---:|---:|---:|'];
  rows.push(`| 1 (baseline) | ${fmt(r.baselineKb / 1024)} | | |`);
  for (const l of r.levels) {
    if (l.error) { rows.push(`| ${l.connections} | ${l.error} | | |`); continue; }
    rows.push(`| ${l.connections} | ${fmt(l.rssKb / 1024)} | ${fmt(l.deltaKb / 1024)} | ${fmt(l.kbPerConnection)} |`);
  }
  return rows.join('\n') + '\n';
}

const lastRss = (r) => (r && r.levels.length ? r.levels[r.levels.length - 1] : null);
const rss10k = lastRss(lrRss);
const targets = [
  ['clients in one room at broadcast p95 < 500 ms, Liveroom / peer', '≥ 1.5×',
    `${maxOf(lrB)} / ${maxOf(peerB)} = ${fmt(ratio, 2)}×${peerB && !peerB.reachedLimit ? ' (peer never reached the limit: upper bound)' : ''}${lrB && !lrB.reachedLimit ? ' (Liveroom never reached the limit: lower bound)' : ''}`,
    ratio >= 1.5],
  [`RSS per idle connection at ${rss10k ? rss10k.connections : 10000} connections`, '≤ 16 KB',
    rss10k && !rss10k.error ? `${fmt(rss10k.kbPerConnection)} KB` : '–', rss10k && rss10k.kbPerConnection <= 16],
  ['durably committed, acked messages/s', '≥ 10,000', lrIngest ? `${lrIngest.ackedPerS}` : '–', lrIngest && lrIngest.ackedPerS >= 10000],
  ['history page p99 under load', '< 20 ms', lrHist ? `${fmt(lrHist.latencyMs.p99)} ms` : '–', lrHist && lrHist.latencyMs.p99 < 20],
];

function svg() {
  const W = 760; const H = 440; const m = { l: 70, r: 170, t: 40, b: 55 };
  const series = [['Liveroom (H2, every message persisted)', lrB, '#c0392b'], ['Node ws peer (no persistence)', peerB, '#2471a3']]
    .filter(([, b]) => b && b.steps.some((s) => s.latencyMs));
  const pts = series.flatMap(([, b]) => b.steps.filter((s) => s.latencyMs));
  const xMax = Math.max(1000, ...pts.map((s) => s.clients)) * 1.05;
  const yMin = 1; const yMax = Math.max(1000, ...pts.map((s) => s.latencyMs.p95)) * 1.5;
  const x = (v) => m.l + (v / xMax) * (W - m.l - m.r);
  const y = (v) => H - m.b - ((Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (H - m.t - m.b);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="22" font-size="15" font-weight="bold">Broadcast p95 latency against clients in one room</text>`,
    `<text x="${m.l}" y="36" font-size="11" fill="#555">${machine.date}; ${machine.cpu}; server on one core, load generator on the other</text>`];
  for (let d = 1; d <= yMax; d *= 10) {
    for (const k of [1, 2, 5]) {
      const v = d * k;
      if (v > yMax) continue;
      out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
      out.push(`<text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${v >= 1000 ? v / 1000 + ' s' : v + ' ms'}</text>`);
    }
  }
  const xStep = xMax > 20000 ? 5000 : xMax > 8000 ? 2000 : 1000;
  for (let v = 0; v <= xMax; v += xStep) {
    out.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${m.t}" y2="${H - m.b}" stroke="#f3f3f3"/>`);
    out.push(`<text x="${x(v)}" y="${H - m.b + 16}" text-anchor="middle">${v}</text>`);
  }
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(500)}" y2="${y(500)}" stroke="#888" stroke-dasharray="6 4"/>`);
  out.push(`<text x="${W - m.r + 4}" y="${y(500) + 4}" fill="#555">500 ms limit</text>`);
  out.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 14}" text-anchor="middle">clients in the room</text>`);
  out.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">p95 delivery latency (log)</text>`);
  series.forEach(([name, b, color], i) => {
    const s = b.steps.filter((p) => p.latencyMs);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.map((p) => `${x(p.clients).toFixed(1)},${y(p.latencyMs.p95).toFixed(1)}`).join(' ')}"/>`);
    for (const p of s) out.push(`<circle cx="${x(p.clients).toFixed(1)}" cy="${y(p.latencyMs.p95).toFixed(1)}" r="3.5" fill="${p.pass ? color : 'white'}" stroke="${color}" stroke-width="2"/>`);
    const ly = m.t + 20 + i * 36;
    out.push(`<line x1="${W - m.r + 8}" x2="${W - m.r + 28}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    const words = name.split(' (');
    out.push(`<text x="${W - m.r + 32}" y="${ly + 4}">${words[0]}</text>`);
    if (words[1]) out.push(`<text x="${W - m.r + 32}" y="${ly + 17}" font-size="10" fill="#555">(${words[1]}</text>`);
  });
  out.push(`<text x="${W - m.r + 8}" y="${m.t + 100}" font-size="10" fill="#555">hollow: step failed</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const b = lrB || peerB || {};
const md = [];
md.push('# Liveroom against a Node `ws` peer\n');
md.push('| | |\n|---|---|');
for (const [k, v] of Object.entries(machine)) md.push(`| ${k} | ${String(v).replace(/\|/g, '\\|')} |`);
md.push('');
md.push('## Targets\n');
md.push('| target | wanted | measured | met |\n|---|---|---|:--:|');
for (const [name, want, got, ok] of targets) md.push(`| ${name} | ${want} | ${got} | ${ok ? 'yes' : '**no**'} |`);
md.push('');
md.push('## Broadcast: clients in one room until p95 passes 500 ms\n');
md.push(`${b.senders} senders, ${b.rate} messages/s in total, ${b.duration} s per step, ${b.drain} s drain; latency from the`
  + ' send to each receiver, over every receiver; `lost` counts every expected delivery that never came; `other CPU` is what'
  + ' processes outside the bench used during the step (percent of one core).\n');
md.push('![p95 against clients](p95-vs-clients.svg)\n');
md.push(`### Liveroom (max ${maxOf(lrB)} clients)\n`);
md.push(stepTable(lrB));
md.push(`### Node ws peer (max ${maxOf(peerB)} clients)\n`);
md.push(stepTable(peerB));
md.push('## RSS per idle connection\n');
md.push('Idle, joined clients (one heartbeat every 20 s each); RSS from /proc after a settle, and for the JVM after a full GC (`jcmd GC.run`).\n');
md.push('### Liveroom\n');
md.push(rssTable(lrRss));
md.push('### Node ws peer\n');
md.push(rssTable(peerRss));
md.push('## Durable ingest\n');
if (lrIngest) {
  const i = lrIngest;
  md.push(`${i.senders} senders in ${i.rooms} rooms of ${i.roomSize}, ${i.window} messages with a clientMsgId in flight each, ${i.duration} s measured.\n`);
  md.push('| server | acked msgs/s | ack p50 ms | ack p99 ms | sent | acked | in history | deliveries lost | refusals |\n|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of [lrIngest, peerIngest].filter(Boolean)) {
    md.push(`| ${r.label} | ${r.ackedPerS} | ${fmt(r.ackLatencyMs.p50)} | ${fmt(r.ackLatencyMs.p99)} | ${r.sentTotal} | ${r.ackedTotal} | ${r.storedInHistory === null || Number.isNaN(r.storedInHistory) ? '–' : r.storedInHistory} | ${r.lost} | ${JSON.stringify(r.refusals)} |`);
  }
  md.push('\nThe peer acks without storing anything; it is there to show what the socket path alone costs.\n');
} else md.push('_not run_\n');
md.push('## History page under load\n');
if (lrHist) {
  const h = lrHist;
  md.push(`GET /api/message/chatmsg?stream=<id>&page=1&resultsPerPage=${h.perPage} at ${h.historyRate}/s while ${h.clients} clients are in the room and ${h.rate} messages/s are broadcast to them (${h.duration} s).\n`);
  md.push('| requests | failures | p50 ms | p95 ms | p99 ms | max ms | broadcast p95 ms | broadcast lost |\n|---:|---:|---:|---:|---:|---:|---:|---:|');
  md.push(`| ${h.requests} | ${h.failures} | ${fmt(h.latencyMs.p50, 2)} | ${fmt(h.latencyMs.p95, 2)} | ${fmt(h.latencyMs.p99, 2)} | ${fmt(h.latencyMs.max, 2)} | ${fmt(h.broadcast.latencyMs.p95)} | ${h.broadcast.lost} |`);
  md.push('');
} else md.push('_not run_\n');
if (notesFile && fs.existsSync(notesFile)) md.push(fs.readFileSync(notesFile, 'utf8'));

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'results.md'), md.join('\n'));
fs.writeFileSync(path.join(outDir, 'p95-vs-clients.svg'), svg());
for (const [name, want, got, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${name}: ${got} (wanted ${want})`);
console.log(`wrote ${path.join(outDir, 'results.md')} and p95-vs-clients.svg`);
console.log(`ratio clients@p95<500ms liveroom/peer = ${fmt(ratio, 2)}`);
