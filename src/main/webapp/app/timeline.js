// A room's items in the one order the server gives them (seq), each once, whether they came from history, a
// resume replay or live. It knows up to which seq it holds the room without a hole (contiguousTo), which is
// what a resuming join names as `since`; when a hole shows anyway (a seq that jumps, a GONE on join) it reads
// history after that seq to fill it.
//
// A moderator's deletion leaves a hole in the numbering that history never fills: the seqs the server says are
// deleted (event DELETED), and those a complete read of history skips, count as held, so a hole is not mistaken
// for a gap again and again.
//
// In a room that talks faster than its chat budget the server sends a sample of the viewers' messages and names
// the seqs it did not send (event SKIPPED) before any item beyond them: those count as held too (a resume does not
// ask for them), though history has them and showSkipped() reads them back.

const FIRST_PAGE = 100;
const AFTER_LIMIT = 1000;
const EARLIER_LIMIT = 100;
const MAX_READS = 50;

export class Timeline extends EventTarget {
  /**
   * @param {object} options
   * @param {(query: object) => Promise<{items}>} options.fetchHistory  GET api/message/chatmsg with the query:
   *        {page, perPage} (page 1 newest), {after, limit} or {before, limit}; items oldest first
   */
  constructor({ fetchHistory }) {
    super();
    this.fetchHistory = fetchHistory;
    this.bySeq = new Map();
    this.ids = new Set();
    this.gone = new Set(); // seqs of deleted items
    this.skipped = new Set(); // seqs the server did not send on purpose, from contiguousTo on (older ones are let go)
    this.skippedFrom = 0; // the lowest seq skipped since they were last read back (0: none)
    this.roomSeq = 0; // the room's last seq when the socket last joined
    this.epoch = null;
    this.contiguousTo = 0; // every seq from the lowest held up to this one is held
    this.loaded = false; // the newest page has been read once
    this.catchingUp = null;
  }

  /** Where a resuming join starts: the last seq held without a hole, and the history it belongs to. */
  get resumePoint() {
    return this.loaded && this.epoch ? { since: this.contiguousTo, epoch: this.epoch } : null;
  }

  get lowestSeq() {
    let lowest = Infinity;
    for (const seq of this.bySeq.keys()) lowest = Math.min(lowest, seq);
    for (const seq of this.gone) lowest = Math.min(lowest, seq);
    return lowest === Infinity ? 0 : lowest;
  }

  held(seq) {
    return this.bySeq.has(seq) || this.gone.has(seq) || this.skipped.has(seq);
  }

  get hasEarlier() {
    return this.lowestSeq > 1;
  }

  /** A live (or replayed) item: kept; if its seq shows that something was missed, history fills the gap. */
  live(item) {
    const gap = this.loaded && item.seq > this.contiguousTo + 1;
    this.add(item);
    if (gap) this.catchUp();
  }

  /**
   * After a join: `joined` is the server's {epoch, seq} (seq: the room's last item when the socket joined).
   * Reads history only when what is held does not reach that far.
   */
  joined({ epoch, seq } = {}) {
    if (epoch && this.epoch && epoch !== this.epoch) this.reset();
    if (typeof seq === 'number') this.roomSeq = Math.max(this.roomSeq, seq);
    if (!this.loaded || typeof seq !== 'number' || seq > this.contiguousTo) return this.catchUp();
    return Promise.resolve();
  }

  /** The first time, the newest page; after that, everything after the last seq held without a hole. */
  catchUp() {
    if (!this.catchingUp) {
      this.catchingUp = this.read().finally(() => {
        this.catchingUp = null;
      });
    }
    return this.catchingUp;
  }

  async read() {
    // every item up to roomSeq was stored before this read started: what history leaves out up to there is deleted
    const known = this.roomSeq;
    if (!this.loaded) {
      const { items } = await this.fetchHistory({ page: 1, perPage: FIRST_PAGE });
      items.forEach((item) => this.add(item));
      if (items.length > 0) this.holes(items[0].seq, Math.max(known, items.at(-1).seq));
      this.loaded = true;
      return;
    }
    for (let reads = 0; reads < MAX_READS; reads++) {
      const after = this.contiguousTo;
      const { items } = await this.fetchHistory({ after, limit: AFTER_LIMIT });
      items.forEach((item) => this.add(item));
      const complete = items.length < AFTER_LIMIT;
      this.holes(after + 1, complete ? Math.max(known, items.at(-1)?.seq ?? 0) : items.at(-1).seq);
      if (complete) return;
    }
  }

  /** Reads the items just before the oldest one held. */
  async loadEarlier() {
    const lowest = this.lowestSeq;
    if (lowest <= 1) return;
    const { items } = await this.fetchHistory({ before: lowest, limit: EARLIER_LIMIT });
    items.forEach((item) => this.add(item));
    // fewer than asked for: nothing older is left, so whatever lies below is deleted
    this.holes(items.length < EARLIER_LIMIT ? 1 : items[0].seq, lowest - 1);
  }

  /** The items with these ids/seqs were deleted: forgotten, and their seqs held as holes. */
  deleted({ id, seq }) {
    this.ids.add(id);
    this.bySeq.delete(seq);
    this.gone.add(seq);
    this.advance();
  }

  /** The server did not send the items from `from` to `to` that are not held: not a gap (event SKIPPED). */
  skippedRange({ from, to }) {
    if (!(from > 0 && to >= from)) return;
    for (let seq = from; seq <= to; seq++) {
      if (!this.bySeq.has(seq) && !this.gone.has(seq)) this.skipped.add(seq);
    }
    if (!this.skippedFrom || from < this.skippedFrom) this.skippedFrom = from;
    this.advance();
  }

  /** Reads back from history what the server skipped (the last AFTER_LIMIT seqs of it at most); how many came. */
  async showSkipped() {
    const from = this.skippedFrom;
    const upTo = this.contiguousTo;
    if (!from || from > upTo) return 0;
    this.skippedFrom = 0;
    let after = Math.max(from, upTo - AFTER_LIMIT + 1) - 1;
    let shown = 0;
    for (let reads = 0; reads < MAX_READS && after < upTo; reads++) {
      const { items } = await this.fetchHistory({ after, limit: Math.min(AFTER_LIMIT, upTo - after) });
      for (const item of items) {
        if (!this.bySeq.has(item.seq)) shown += 1;
        this.add(item);
      }
      if (items.length === 0) break;
      after = items.at(-1).seq;
    }
    return shown;
  }

  /** Marks every seq from `from` to `to` that is not held as deleted: a complete read of history left it out. */
  holes(from, to) {
    for (let seq = Math.max(1, from); seq <= to; seq++) {
      if (!this.bySeq.has(seq)) this.gone.add(seq);
    }
    this.advance();
  }

  add(item) {
    if (this.epoch !== null && item.epoch && item.epoch !== this.epoch) this.reset();
    this.epoch ??= item.epoch ?? null;
    if (this.ids.has(item.id) || this.bySeq.has(item.seq) || this.gone.has(item.seq)) return;
    this.skipped.delete(item.seq);
    this.ids.add(item.id);
    this.bySeq.set(item.seq, item);
    this.advance();
    let next = null;
    for (const [seq, other] of this.bySeq) {
      if (seq > item.seq && (!next || seq < next.seq)) next = other;
    }
    this.dispatchEvent(new CustomEvent('added', { detail: { item, before: next } }));
  }

  advance() {
    if (!this.held(this.contiguousTo)) this.contiguousTo = this.lowestSeq;
    while (this.held(this.contiguousTo + 1)) this.contiguousTo += 1;
    for (const seq of this.skipped) {
      if (seq < this.contiguousTo) this.skipped.delete(seq);
    }
  }

  /** The room's history was reset (another epoch): start over from the newest page. */
  reset() {
    this.bySeq.clear();
    this.ids.clear();
    this.gone.clear();
    this.skipped.clear();
    this.skippedFrom = 0;
    this.roomSeq = 0;
    this.epoch = null;
    this.contiguousTo = 0;
    this.loaded = false;
    this.dispatchEvent(new CustomEvent('reset'));
  }
}
