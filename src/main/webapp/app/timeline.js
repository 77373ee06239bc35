// A room's items in the one order the server gives them (seq), each once, whether they came from history, a
// resume replay or live. It knows up to which seq it holds the room without a hole (contiguousTo), which is
// what a resuming join names as `since`; when a hole shows anyway (a seq that jumps, a 410 on join) it reads
// history after that seq to fill it.

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
    return lowest === Infinity ? 0 : lowest;
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
    if (!this.loaded) {
      const { items } = await this.fetchHistory({ page: 1, perPage: FIRST_PAGE });
      items.forEach((item) => this.add(item));
      this.loaded = true;
      return;
    }
    for (let reads = 0; reads < MAX_READS; reads++) {
      const { items } = await this.fetchHistory({ after: this.contiguousTo, limit: AFTER_LIMIT });
      items.forEach((item) => this.add(item));
      if (items.length < AFTER_LIMIT) return;
    }
  }

  /** Reads the items just before the oldest one held. */
  async loadEarlier() {
    const lowest = this.lowestSeq;
    if (lowest <= 1) return;
    const { items } = await this.fetchHistory({ before: lowest, limit: EARLIER_LIMIT });
    items.forEach((item) => this.add(item));
  }

  add(item) {
    if (this.epoch !== null && item.epoch && item.epoch !== this.epoch) this.reset();
    this.epoch ??= item.epoch ?? null;
    if (this.ids.has(item.id) || this.bySeq.has(item.seq)) return;
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
    if (!this.bySeq.has(this.contiguousTo)) this.contiguousTo = this.lowestSeq;
    while (this.bySeq.has(this.contiguousTo + 1)) this.contiguousTo += 1;
  }

  /** The room's history was reset (another epoch): start over from the newest page. */
  reset() {
    this.bySeq.clear();
    this.ids.clear();
    this.epoch = null;
    this.contiguousTo = 0;
    this.loaded = false;
    this.dispatchEvent(new CustomEvent('reset'));
  }
}
