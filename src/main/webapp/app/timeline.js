// A room's items in the one order the server gives them (seq), each once, whether it came from history or live.
// It knows which part of the history it holds without a hole, so after a reconnect (or a seq that jumps) it
// pages back through history just far enough to fill the hole.

const PER_PAGE = 100;
const MAX_CATCH_UP_PAGES = 50;

export class Timeline extends EventTarget {
  /**
   * @param {object} options
   * @param {(page: number, perPage: number) => Promise<{items, total}>} options.fetchPage  history, page 1 newest
   */
  constructor({ fetchPage }) {
    super();
    this.fetchPage = fetchPage;
    this.bySeq = new Map();
    this.ids = new Set();
    this.epoch = null;
    this.contiguousTo = 0; // every seq from the lowest held up to this one is held
    this.total = 0;
    this.catchingUp = null;
    this.loaded = false;
  }

  /** Items oldest to newest. */
  items() {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get lowestSeq() {
    let lowest = Infinity;
    for (const seq of this.bySeq.keys()) lowest = Math.min(lowest, seq);
    return lowest === Infinity ? 0 : lowest;
  }

  get hasEarlier() {
    return this.lowestSeq > 1;
  }

  /** A live item: kept, and if its seq shows that something was missed, history is read to fill the gap. */
  live(item) {
    const gap = this.loaded && this.contiguousTo > 0 && item.seq > this.contiguousTo + 1;
    this.add(item);
    this.advance();
    if (gap) this.catchUp();
  }

  /**
   * Reads history from the newest page back until it meets what is already held. The first read takes one
   * page: older pages come with loadEarlier().
   */
  catchUp() {
    if (!this.catchingUp) {
      this.catchingUp = this.readBack().finally(() => {
        this.catchingUp = null;
      });
    }
    return this.catchingUp;
  }

  async readBack() {
    const known = this.loaded ? this.contiguousTo : 0;
    for (let page = 1; page <= MAX_CATCH_UP_PAGES; page++) {
      const { items, total } = await this.fetchPage(page, PER_PAGE);
      this.total = total;
      items.forEach((item) => this.add(item));
      const oldest = items[0]?.seq ?? 0;
      if (known === 0 || items.length < PER_PAGE || oldest <= known + 1) break;
    }
    this.loaded = true;
    this.advance();
  }

  /** Reads the page just before the oldest item held. */
  async loadEarlier() {
    const target = this.lowestSeq - 1;
    if (target < 1) return;
    // seqs run 1, 2, 3, ... so the target sits (newest - target) items from the newest, unless items newer
    // than those held have arrived since: then it is on a later page, which the loop walks on to
    const newest = Math.max(this.total, this.contiguousTo);
    const first = Math.floor((newest - target) / PER_PAGE) + 1;
    for (let page = first; page < first + MAX_CATCH_UP_PAGES && !this.bySeq.has(target); page++) {
      const { items, total } = await this.fetchPage(page, PER_PAGE);
      this.total = total;
      items.forEach((item) => this.add(item));
      if (items.length === 0) break;
    }
  }

  add(item) {
    if (this.epoch !== null && item.epoch && item.epoch !== this.epoch) this.reset();
    this.epoch ??= item.epoch ?? null;
    if (this.ids.has(item.id) || this.bySeq.has(item.seq)) return;
    this.ids.add(item.id);
    this.bySeq.set(item.seq, item);
    let next = null;
    for (const [seq, other] of this.bySeq) {
      if (seq > item.seq && (!next || seq < next.seq)) next = other;
    }
    this.dispatchEvent(new CustomEvent('added', { detail: { item, before: next } }));
  }

  /** Moves contiguousTo up over every seq now held right above it. */
  advance() {
    if (this.bySeq.size === 0) return;
    if (!this.bySeq.has(this.contiguousTo)) this.contiguousTo = this.lowestSeq;
    while (this.bySeq.has(this.contiguousTo + 1)) this.contiguousTo += 1;
  }

  /** The room's history was reset (a new epoch): start over. */
  reset() {
    this.bySeq.clear();
    this.ids.clear();
    this.epoch = null;
    this.contiguousTo = 0;
    this.loaded = false;
    this.dispatchEvent(new CustomEvent('reset'));
    this.catchUp();
  }
}
