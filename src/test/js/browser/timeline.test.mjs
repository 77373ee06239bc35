// The web pages' Timeline (src/main/webapp/app/timeline.js) on its own, with history served from an array: the
// holes that deleted items leave in the numbering are not gaps to read again and again.
//
//   cd src/test/js/browser && node --test timeline.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from '../../../main/webapp/app/timeline.js';

const EPOCH = 'e1';

/** A room whose items have these seqs (the others deleted), and a record of every history read. */
function room(seqs) {
  const items = seqs.map((seq) => ({ id: seq * 10, seq, epoch: EPOCH }));
  const reads = [];
  const fetchHistory = async (query) => {
    reads.push(query);
    if (query.after !== undefined) return { items: items.filter((i) => i.seq > query.after).slice(0, query.limit) };
    if (query.before !== undefined) return { items: items.filter((i) => i.seq < query.before).slice(-query.limit) };
    return { items: items.slice(-query.perPage) };
  };
  return { items, reads, timeline: new Timeline({ fetchHistory }) };
}

test('a hole in the history a page reads first is not a gap', async () => {
  const { reads, timeline } = room([1, 2, 4, 5]); // 3 was deleted
  await timeline.joined({ epoch: EPOCH, seq: 6 }); // 6 was deleted too, after the join
  assert.equal(timeline.contiguousTo, 6);
  assert.deepEqual(timeline.resumePoint, { since: 6, epoch: EPOCH });
  timeline.live({ id: 70, seq: 7, epoch: EPOCH });
  await timeline.joined({ epoch: EPOCH, seq: 7 });
  assert.equal(reads.length, 1, `only the first page was read: ${JSON.stringify(reads)}`);
});

test('an item deleted while the page holds it (event 210) leaves a hole that is held', async () => {
  const { reads, timeline } = room([1, 2, 3]);
  await timeline.joined({ epoch: EPOCH, seq: 3 });
  timeline.deleted({ id: 30, seq: 3 });
  timeline.live({ id: 40, seq: 4, epoch: EPOCH });
  assert.equal(timeline.contiguousTo, 4);
  // a replay of the deleted item does not bring it back
  timeline.live({ id: 30, seq: 3, epoch: EPOCH });
  assert.equal(timeline.bySeq.has(3), false);
  assert.equal(reads.length, 1);
});

test('a real gap is still read from history, and its holes are held afterwards', async () => {
  const { items, reads, timeline } = room([1, 2]);
  await timeline.joined({ epoch: EPOCH, seq: 2 });
  items.push({ id: 40, seq: 4, epoch: EPOCH }); // 3 deleted before this page heard of it
  timeline.live({ id: 50, seq: 5, epoch: EPOCH });
  await timeline.catchingUp;
  assert.deepEqual(reads.at(-1), { after: 2, limit: 1000 });
  assert.equal(timeline.contiguousTo, 5);
  timeline.live({ id: 60, seq: 6, epoch: EPOCH });
  assert.equal(timeline.catchingUp, null, 'no read for an item that follows on');
});

test('loading earlier items down to the first one leaves nothing earlier, even when the first was deleted', async () => {
  const seqs = Array.from({ length: 150 }, (_, i) => i + 1).filter((seq) => seq !== 1 && seq !== 20);
  const { timeline } = room(seqs);
  await timeline.joined({ epoch: EPOCH, seq: 150 });
  assert.equal(timeline.hasEarlier, true);
  await timeline.loadEarlier();
  assert.equal(timeline.hasEarlier, false);
  assert.equal(timeline.contiguousTo, 150);
});
