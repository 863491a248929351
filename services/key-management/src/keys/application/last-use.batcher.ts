export interface KeyUse {
  readonly endpointId: string;
  readonly keyId: string;
  readonly at: Date;
}

export interface KeyUseSink {
  recordUses(uses: readonly KeyUse[]): Promise<void>;
}

/**
 * Collects key uses in memory (latest per key) and writes them in one batch per flush, so the
 * hot paths never wait for a database write. A failed flush keeps its uses for the next one.
 * The last flush runs on shutdown; uses since the previous flush are lost only on a crash, and
 * last use is informational.
 */
export class LastUseBatcher {
  private pending = new Map<string, KeyUse>();
  private flushing: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sink: KeyUseSink) {}

  record(endpointId: string, keyId: string, at: Date): void {
    const known = this.pending.get(keyId);
    if (known === undefined || known.at.getTime() < at.getTime()) this.pending.set(keyId, { endpointId, keyId, at });
  }

  /** A use not yet written, so readers of last use see this instance's uses before the flush. */
  unflushedUseOf(keyId: string): Date | null {
    return this.pending.get(keyId)?.at ?? null;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes everything recorded so far; waits for a flush in progress first. Returns how many keys were written. */
  async flush(): Promise<number> {
    while (this.flushing) await this.flushing.catch(() => 0);
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.sink.recordUses(batch).then(
      () => batch.length,
      (error: unknown) => {
        for (const use of batch) this.record(use.endpointId, use.keyId, use.at);
        throw error;
      },
    );
    try {
      return await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush().catch(onError), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
