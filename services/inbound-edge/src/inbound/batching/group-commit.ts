/** One item's outcome in a flushed batch: its result, or the error that item alone failed with. */
export type ItemOutcome<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions<I> {
  /** Most items in one flush. @defaultValue 500 */
  readonly maxItems?: number;
  /** Most total weight (e.g. bytes) in one flush; a single heavier item still goes alone. @defaultValue Infinity */
  readonly maxWeight?: number;
  readonly weightOf?: (item: I) => number;
  /** Told each flush's size and duration (for metrics). */
  readonly onFlush?: (items: number, seconds: number) => void;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: each caller submits one item and awaits its own outcome; everything submitted
 * in the same tick, or while the previous flush is still in flight, goes out in the next flush
 * together. At most one flush runs at a time, so under load batches grow with the store's
 * latency instead of requests queueing behind one another, and an idle system flushes a lone
 * item on the next tick. `flush` answers one outcome per item, in order; if it throws, every
 * item of that batch fails with the error.
 */
export class GroupCommit<I, O> {
  private queue: Waiting<I, O>[] = [];
  private draining: Promise<void> | null = null;
  private readonly maxItems: number;
  private readonly maxWeight: number;
  private readonly weightOf: (item: I) => number;
  private readonly onFlush: (items: number, seconds: number) => void;

  constructor(
    private readonly flush: (items: readonly I[]) => Promise<readonly ItemOutcome<O>[]>,
    options: GroupCommitOptions<I> = {},
  ) {
    this.maxItems = options.maxItems ?? 500;
    this.maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
    this.weightOf = options.weightOf ?? (() => 0);
    this.onFlush = options.onFlush ?? (() => undefined);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.draining ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
    });
  }

  /** Resolves once everything submitted so far has been flushed. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        const started = performance.now();
        try {
          const outcomes = await this.flush(batch.map((w) => w.item));
          this.onFlush(batch.length, (performance.now() - started) / 1000);
          batch.forEach((w, i) => {
            const outcome = outcomes[i];
            if (!outcome) w.reject(new Error(`group commit: no outcome for item ${i} of ${batch.length}`));
            else if (outcome.ok) w.resolve(outcome.value);
            else w.reject(outcome.error);
          });
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private take(): Waiting<I, O>[] {
    let weight = 0;
    let n = 0;
    while (n < this.queue.length && n < this.maxItems) {
      weight += this.weightOf(this.queue[n]!.item);
      if (n > 0 && weight > this.maxWeight) break;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
