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
// broadcast: one file per server and rate, <server>-broadcast-<rate>.json (an older run's <server>-broadcast.json
// is read as the run at its own rate)
const broadcasts = { liveroom: new Map(), peer: new Map() };
for (const f of fs.readdirSync(rawDir).sort()) {
  const m = /^(liveroom|peer)-broadcast(-\d+)?\.json$/.exec(f);
  if (!m) continue;
  const b = read(f);
  if (!broadcasts[m[1]].has(b.rate) || m[2]) broadcasts[m[1]].set(b.rate, b);
}
const rates = [...new Set([...broadcasts.liveroom.keys(), ...broadcasts.peer.keys()])].sort((a, b) => a - b);
// the headline (targets, chart title) is the highest rate
const headlineRate = rates.length ? rates[rates.length - 1] : null;
const lrB = broadcasts.liveroom.get(headlineRate) || null;
const peerB = broadcasts.peer.get(headlineRate) || null;
const lrJoin = read('liveroom-joinstorm.json');
const peerJoin = read('peer-joinstorm.json');
const lrResume = read('liveroom-resumestorm.json');
const peerResume = read('peer-resumestorm.json');
const lrResumeKill = read('liveroom-resumestorm-kill.json');
const lrRss = read('liveroom-rss.json');
const peerRss = read('peer-rss.json');
const lrHist = read('liveroom-history.json');
const lrIngest = read('liveroom-ingest.json');
const peerIngest = read('peer-ingest.json');
const lrPaced = read('liveroom-paced-ingest.json') || read('liveroom-ingest-paced.json');
const peerPaced = read('peer-ingest-paced.json');
const pgIngest = read('liveroom-pg-ingest.json');
const pgPaced = read('liveroom-pg-ingest-paced.json');
const lrDeep = read('liveroom-deeppage.json');
const lrLikes = read('liveroom-likes.json');
const pgDeep = read('liveroom-pg-deeppage.json');
const pgPlans = fs.existsSync(path.join(rawDir, 'liveroom-pg-plans.txt')) ? fs.readFileSync(path.join(rawDir, 'liveroom-pg-plans.txt'), 'utf8') : null;
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

/** The step that passed last, and the most deliveries/s at a step with nothing lost and nothing duplicated. */
const lastPass = (b) => (b ? [...b.steps].reverse().find((s) => s.pass) : null);
const noLoss = (s) => !s.error && s.lost === 0 && s.duplicates === 0;
const sustained = (list) => {
  let best = null;
  for (const b of list) for (const s of b.steps) if (noLoss(s) && (!best || s.deliveriesPerS > best.deliveriesPerS)) best = { ...s, rate: b.rate };
  return best;
};

const lastRss = (r) => (r && r.levels.length ? r.levels[r.levels.length - 1] : null);
const rss10k = lastRss(lrRss);
const targets = [
  ['clients in one room at broadcast p95 < 500 ms, Liveroom / peer', '≥ 1.5×',
    `${headlineRate ? `at ${headlineRate} msg/s: ` : ''}${maxOf(lrB)} / ${maxOf(peerB)} = ${fmt(ratio, 2)}×${peerB && !peerB.reachedLimit ? ' (peer never reached the limit: upper bound)' : ''}${lrB && !lrB.reachedLimit ? ' (Liveroom never reached the limit: lower bound)' : ''}`,
    ratio >= 1.5],
  [`RSS per idle connection at ${rss10k ? rss10k.connections : 10000} connections`, '≤ 16 KB',
    rss10k && !rss10k.error ? `${fmt(rss10k.kbPerConnection)} KB` : '–', rss10k && rss10k.kbPerConnection <= 16],
  ['durably committed, acked messages/s (H2)', '≥ 10,000', lrIngest ? `${lrIngest.ackedPerS}` : '–', lrIngest && lrIngest.ackedPerS >= 10000],
  ['durably committed, acked messages/s (PostgreSQL, synchronous_commit=on)', '≥ 10,000', pgIngest ? `${pgIngest.ackedPerS}` : '–', pgIngest && pgIngest.ackedPerS >= 10000],
  ...[['H2', lrPaced], ['PostgreSQL', pgPaced]].map(([db, r]) => [`ack p99 at ${r ? r.rate : 5000} messages/s (${db})`, '< 100 ms',
    r ? `${fmt(r.ackLatencyMs.p99)} ms (${r.ackedPerS} acked/s)` : '–', r && r.ackLatencyMs.p99 < 100 && r.ackedPerS >= 0.95 * r.rate]),
  ['history p99 under load (page 1, after=, before=)', '< 20 ms', lrHist ? `${fmt(lrHist.latencyMs.p99)} ms` : '–', lrHist && lrHist.latencyMs.p99 < 20],
  ...[['H2', lrDeep], ['PostgreSQL', pgDeep]].map(([db, d]) => [`page ${d ? d.deepPage : 10000} of a ${d ? d.items : '1M'}-item room, p99 (${db})`, '< 100 ms',
    d ? `${fmt(d.pages[d.deepPage].latencyMs.p99)} ms, ${d.pages[d.deepPage].wrong} wrong` : '–', d && d.pages[d.deepPage].latencyMs.p99 < 100 && d.pages[d.deepPage].wrong === 0]),
];

function svg() {
  const W = 760; const H = 440; const m = { l: 70, r: 170, t: 40, b: 55 };
  const dashes = ['', '6 3', '2 3', '10 4 2 4'];
  const series = [];
  for (const [side, name, color] of [['liveroom', 'Liveroom (H2, every message persisted)', '#c0392b'], ['peer', 'Node ws peer (no persistence)', '#2471a3']]) {
    rates.forEach((rate, k) => {
      const b = broadcasts[side].get(rate);
      if (b && b.steps.some((s) => s.latencyMs)) series.push([rates.length > 1 ? `${name.split(' (')[0]}, ${rate} msg/s (${name.split(' (')[1]}` : name, b, color, dashes[k % dashes.length]]);
    });
  }
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
  series.forEach(([name, b, color, dash], i) => {
    const s = b.steps.filter((p) => p.latencyMs);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${s.map((p) => `${x(p.clients).toFixed(1)},${y(p.latencyMs.p95).toFixed(1)}`).join(' ')}"/>`);
    for (const p of s) out.push(`<circle cx="${x(p.clients).toFixed(1)}" cy="${y(p.latencyMs.p95).toFixed(1)}" r="3.5" fill="${p.pass ? color : 'white'}" stroke="${color}" stroke-width="2"/>`);
    const ly = m.t + 20 + i * 36;
    out.push(`<line x1="${W - m.r + 8}" x2="${W - m.r + 28}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    const words = name.split(' (');
    out.push(`<text x="${W - m.r + 32}" y="${ly + 4}">${words[0]}</text>`);
    if (words[1]) out.push(`<text x="${W - m.r + 32}" y="${ly + 17}" font-size="10" fill="#555">(${words[1]}</text>`);
  });
  out.push(`<text x="${W - m.r + 8}" y="${m.t + 20 + series.length * 36}" font-size="10" fill="#555">hollow: step failed</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const b = lrB || peerB || { steps: [] };
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
md.push(`${b.senders} senders, ${rates.join(' and ') || '–'} messages/s in total (one run at each rate), ${b.duration} s per step,`
  + ` ${b.drain} s drain; latency from the`
  + ' send to each receiver, over every receiver; `lost` counts every expected delivery that never came; `other CPU` is what'
  + ' processes outside the bench used during the step (percent of one core). The largest room is the last step with'
  + ` p95 < ${b.limitMs || 500} ms and nothing lost; "deliveries/s sustained" is the most deliveries/s of any step (any rate)`
  + ' with nothing lost or duplicated, whatever its latency.\n');
md.push('| server | messages/s | largest room (p95 < 500 ms, no loss) | deliveries/s at that step | p95 ms at that step | growth ended by the limit |\n|---|---:|---:|---:|---:|:--:|');
for (const [side, name] of [['liveroom', 'Liveroom'], ['peer', 'Node ws peer']]) {
  for (const rate of rates) {
    const r = broadcasts[side].get(rate);
    if (!r) { md.push(`| ${name} | ${rate} | _not run_ | | | |`); continue; }
    const p = lastPass(r);
    md.push(`| ${name} | ${rate} | ${r.maxClients} | ${p ? p.deliveriesPerS : '–'} | ${p ? fmt(p.latencyMs.p95) : '–'} | ${r.reachedLimit ? 'yes' : 'no (more clients would pass)'} |`);
  }
}
md.push('');
md.push('| server | deliveries/s sustained | at (clients × messages/s) | p95 ms there | lost |\n|---|---:|---:|---:|---:|');
for (const [side, name] of [['liveroom', 'Liveroom'], ['peer', 'Node ws peer']]) {
  const best = sustained([...broadcasts[side].values()]);
  md.push(best ? `| ${name} | ${best.deliveriesPerS} | ${best.clients} × ${best.rate} | ${fmt(best.latencyMs.p95)} | ${best.lost} |` : `| ${name} | – | | | |`);
}
md.push('');
md.push('![p95 against clients](p95-vs-clients.svg)\n');
for (const rate of rates) {
  const lr = broadcasts.liveroom.get(rate);
  const peer = broadcasts.peer.get(rate);
  md.push(`### ${rate} messages/s: Liveroom (max ${maxOf(lr)} clients)\n`);
  md.push(stepTable(lr));
  md.push(`### ${rate} messages/s: Node ws peer (max ${maxOf(peer)} clients)\n`);
  md.push(stepTable(peer));
}
if (!rates.length) md.push('_not run_\n');
const reasons = (o) => (o && Object.keys(o).length ? Object.entries(o).map(([k, v]) => `${k}: ${v}`).join('; ') : '–');
md.push('## Join storm\n');
if (lrJoin || peerJoin) {
  const j = lrJoin || peerJoin;
  md.push(`${j.clients} sockets, each with its own guest token made before the clock starts, open their socket and send their`
    + ` join into one room at once, at most ${j.parallel} in flight (the next starts when one is answered: the server always has`
    + ' work waiting). Time from the first handshake to the last 201; a join\'s time from its socket\'s opening to its 201.'
    + ' Nothing is retried; `closed` counts joined sockets closed during the storm and 3 s after it.\n');
  md.push('| server | sockets | joined | failed | closed | seconds to the last 201 | joins/s | join p50 ms | p95 ms | p99 ms | max ms | load gen CPU | other CPU |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of [lrJoin, peerJoin].filter(Boolean)) {
    md.push(`| ${r.label} | ${r.clients} | ${r.joined} | ${r.failed} | ${r.closed} | ${fmt(r.seconds, 2)} | ${r.joinsPerS} | ${fmt(r.joinMs.p50)}`
      + ` | ${fmt(r.joinMs.p95)} | ${fmt(r.joinMs.p99)} | ${fmt(r.joinMs.max)} | ${r.loadgen.cpuPct}% | ${r.loadgen.foreignCpuPct}% |`);
  }
  md.push('');
  for (const r of [lrJoin, peerJoin].filter(Boolean)) {
    md.push(`- ${r.label}: failures ${reasons(r.failures)}; closes ${reasons(r.closeReasons)}; ${r.tokens} guests signed in first in ${r.signInSeconds} s.`);
  }
  md.push('');
} else md.push('_not run_\n');
md.push('## Resume storm after a restart\n');
if (lrResume || peerResume || lrResumeKill) {
  const runs = [lrResume, lrResumeKill, peerResume].filter(Boolean);
  const r0 = runs[0];
  md.push(`${r0.clients} members in one room; the host sends ${r0.rate} messages/s for ${r0.busySeconds} s, then the server is restarted`
    + ' (Liveroom: SIGTERM, or SIGKILL for the `-kill` row, and the same command on the same data directory, with the shipped'
    + ' admission control; the peer: SIGTERM, which writes its in-memory rooms to a file, and the same command, which reads them back).'
    + ' Every member and the host come back on their own, as a client does: after the wait the server named (1012 close reason,'
    + ` 503 Retry-After), else after a random wait between 0 and a cap doubling from ${r0.backoffBaseMs} ms to ${r0.backoffMaxMs} ms (full jitter),`
    + ' resuming with `since` = the last seq it saw and its epoch; the server replays what it missed, then answers 201. Time from the'
    + ` first socket closed by the restart to the last 201. The host sends ${r0.liveSeconds} s more; then every member must hold a contiguous`
    + ' run of seqs from where it joined to the room\'s last, with no gap and no duplicate, and every message the host was acked must be'
    + ' in the room\'s history with the seq of its ack. A resume refused for good (410) or a member not back in time is a failure.\n');
  md.push('| server | members | down s | boot s | back | failed | seconds from the first close to the last 201 | away p50 ms | p95 ms | max ms | attempts (median, max) | items replayed (max per member) | with gap (items) | with duplicate | acked and lost | behind at the end | closed after resume | complete | load gen CPU | other CPU |\n'
    + '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    md.push(`| ${r.label} | ${r.joined} | ${fmt(r.restart.downSeconds)} | ${fmt(r.restart.bootSeconds)} | ${r.resumed} | ${r.failed}`
      + ` | ${fmt(r.seconds, 2)} | ${fmt(r.awayMs.p50)} | ${fmt(r.awayMs.p95)} | ${fmt(r.awayMs.max)} | ${r.attemptsMedian}, ${r.attemptsMax}`
      + ` | ${r.replayedItems} (${r.replayedMax}) | ${r.membersWithGap} (${r.missingItems}) | ${r.membersWithDuplicate} | ${r.ackedLost ?? "–"} | ${r.membersBehind}`
      + ` | ${r.closedAfterResume} | ${r.complete} of ${r.clients} | ${r.loadgen.cpuPct}% | ${r.loadgen.foreignCpuPct}% |`);
  }
  md.push('');
  for (const r of runs) {
    md.push(`- ${r.label}: room's last seq ${r.finalSeq}; the host sent ${r.hostSent} messages, ${r.hostAcked} acked (${r.beforeRestart.sent} sent before the`
      + ` restart was asked for, ${r.hostSentWhileStopping} after that; ${r.hostUnacked} never acked,`
      + ` refusals ${reasons(r.hostRefusals)}; ${r.hostSkippedWhileDown} not sent while the host had no open socket; its closes ${reasons(r.hostCloses)});`
      + ` first joins failed ${r.joinFailures}; waits taken ${reasons(r.waits)}; failed attempts ${reasons(r.attemptFailures)};`
      + ` failures ${reasons(r.failures)}; closes ${reasons(r.closeReasons)}; refusals ${reasons(r.refusals)}.`);
  }
  md.push('');
} else md.push('_not run_\n');
md.push('## RSS per idle connection\n');
md.push('Idle, joined clients (one heartbeat every 20 s each); RSS from /proc after a settle, and for the JVM after a full GC (`jcmd GC.run`).\n');
md.push('### Liveroom\n');
md.push(rssTable(lrRss));
md.push('### Node ws peer\n');
md.push(rssTable(peerRss));
md.push('## Durable ingest\n');
const ingestRow = (r) => `| ${r.label} | ${r.rate ? `${r.rate}/s` : `window ${r.window}`} | ${r.ackedPerS} | ${fmt(r.ackLatencyMs.p50)} | ${fmt(r.ackLatencyMs.p99)} | ${r.sentTotal} | ${r.ackedTotal} | ${r.storedInHistory === null || Number.isNaN(r.storedInHistory) ? '–' : r.storedInHistory} | ${r.lost} | ${JSON.stringify(r.refusals)} | ${r.loadgen.cpuPct}% | ${r.loadgen.foreignCpuPct}% |`;
const ingests = [lrIngest, peerIngest, lrPaced, peerPaced, pgIngest, pgPaced].filter(Boolean);
if (ingests.length) {
  const i = ingests[0];
  md.push(`${i.senders} senders in ${i.rooms} rooms of ${i.roomSize}, ${i.duration} s measured: a closed loop (each sender keeps \`window\` messages with a clientMsgId in flight)`
    + ' and an open loop at a fixed rate in total. An ack (202) means committed and on disk; `in history` counts what the rooms\' history holds afterwards.'
    + ' Liveroom on H2 (the default) and on PostgreSQL 15 (`synchronous_commit=on`, `fsync=on`, on the server\'s core with it: its CPU counts as the server\'s).\n');
  md.push('| server | load | acked msgs/s | ack p50 ms | ack p99 ms | sent | acked | in history | deliveries lost | refusals | load gen CPU | other CPU |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|');
  for (const r of ingests) md.push(ingestRow(r));
  md.push('\nThe peer acks without storing anything; it is there to show what the socket path alone costs.\n');
} else md.push('_not run_\n');
md.push('## History under load\n');
if (lrHist) {
  const h = lrHist;
  md.push(`GET /api/message/chatmsg at ${h.historyRate}/s in turn: page 1 (\`page=1&resultsPerPage=${h.perPage}\`), \`after=<last seq - ${2 * h.perPage}>&limit=${h.perPage}\` and \`before=<last seq - ${h.perPage}>&limit=${h.perPage}\`,`
    + ` while ${h.clients} clients are in the room and ${h.rate} messages/s are broadcast to them (${h.duration} s).\n`);
  md.push('| read | requests | failures | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|');
  md.push(`| all | ${h.requests} | ${h.failures} | ${fmt(h.latencyMs.p50, 2)} | ${fmt(h.latencyMs.p95, 2)} | ${fmt(h.latencyMs.p99, 2)} | ${fmt(h.latencyMs.max, 2)} |`);
  for (const [kind, k] of Object.entries(h.kinds || {})) {
    md.push(`| ${kind} | ${k.requests} | ${k.failures} | ${fmt(k.latencyMs.p50, 2)} | ${fmt(k.latencyMs.p95, 2)} | ${fmt(k.latencyMs.p99, 2)} | ${fmt(k.latencyMs.max, 2)} |`);
  }
  md.push(`\nThe broadcast meanwhile: p95 ${fmt(h.broadcast.latencyMs.p95)} ms, ${h.broadcast.lost} lost; load gen CPU ${h.loadgen.cpuPct}%, other CPU ${h.loadgen.foreignCpuPct}%.\n`);
} else md.push('_not run_\n');
md.push('## Likes\n');
if (lrLikes) {
  const k = lrLikes;
  md.push(`${k.clients} members in one room, a user each; ${k.senders} of them send ${k.rate} chat messages/s, ${k.duration} s, twice: with`
    + ` no likes, then with every member tapping like, ${k.likeRate} taps/s in total (${k.batch} a frame). The server's CPU is`
    + ' its process\'s, as a share of one core; the final count is `GET /api/streams/{id}/likes` once every member shows it,'
    + ' against the taps sent and those the server took (`liveroom_likes_taps_total{outcome="accepted"}`).\n');
  md.push('| run | chat p50 ms | chat p95 ms | chat p99 ms | chat lost | server CPU | load gen CPU | other CPU |\n|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, r] of [['likes off', k.off], ['likes on', k.on]]) {
    if (!r) continue;
    md.push(`| ${name} | ${fmt(r.chat.latencyMs.p50)} | ${fmt(r.chat.latencyMs.p95)} | ${fmt(r.chat.latencyMs.p99)} | ${r.chat.lost} | ${r.serverCpuPct ?? '–'} % | ${r.loadgen.cpuPct} % | ${r.loadgen.foreignCpuPct} % |`);
  }
  if (k.on) {
    const o = k.on;
    md.push(`\nTaps sent ${o.tapsSent} (${o.tapsPerS}/s, ${o.framesSent} frames), taken ${o.accepted}, dropped over the allowance ${o.dropped};`
      + ` final count ${o.finalCount}: ${o.countEqualsSent ? 'equals' : '**differs from**'} the taps sent, ${o.countEqualsAccepted ? 'equals' : '**differs from**'} the taps taken;`
      + ` ${o.membersWithFinalCount} of ${k.clients} members were pushed it; pushes (250) per member: median ${o.pushesPerMember.median}, max ${o.pushesPerMember.max}.`
      + ` ${k.pass ? 'Passed' : '**Failed**'}.\n`);
  }
} else md.push('_not run_\n');
md.push('## Deep pages\n');
if (lrDeep || pgDeep) {
  const d0 = lrDeep || pgDeep;
  md.push(`A room seeded with ${d0.items} items through the socket (4 senders, 256 in flight each), then, with nobody in the room (so from the database),`
    + ` page 1, page ${d0.deepPage} and the last page of ${d0.perPage}, ${d0.pages[1].reads} reads each one after another, each answer checked against the seqs it must hold.\n`);
  md.push('| database | items | seeded in s (items/s) | page | p50 ms | p99 ms | max ms | wrong |\n|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [db, d] of [['H2', lrDeep], ['PostgreSQL', pgDeep]]) {
    if (!d) continue;
    for (const [page, r] of Object.entries(d.pages)) {
      md.push(`| ${db} | ${d.items} | ${fmt(d.seedSeconds)} (${d.seededPerS}) | ${page} | ${fmt(r.latencyMs.p50, 2)} | ${fmt(r.latencyMs.p99, 2)} | ${fmt(r.latencyMs.max, 2)} | ${r.wrong} |`);
    }
  }
  md.push('');
  if (pgPlans) md.push('PostgreSQL\'s plans for the deep page\'s two queries on that room (the deleted items; the page\'s run of seqs):\n\n```\n' + pgPlans.trim() + '\n```\n');
} else md.push('_not run_\n');
if (notesFile && fs.existsSync(notesFile)) md.push(fs.readFileSync(notesFile, 'utf8'));

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'results.md'), md.join('\n'));
fs.writeFileSync(path.join(outDir, 'p95-vs-clients.svg'), svg());
for (const [name, want, got, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${name}: ${got} (wanted ${want})`);
console.log(`wrote ${path.join(outDir, 'results.md')} and p95-vs-clients.svg`);
console.log(`ratio clients@p95<500ms liveroom/peer = ${fmt(ratio, 2)}`);
