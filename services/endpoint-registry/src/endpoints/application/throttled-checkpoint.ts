import type { CheckpointRepository } from '@bakuun/event-store';

/** How often a log reader writes its checkpoint at most, while it moves. */
export const CHECKPOINT_EVERY_MS = 1_000;

type CheckpointStore = Pick<CheckpointRepository, 'load' | 'save' | 'reset'>;

/**
 * A log reader's checkpoint (the projector's, the relay's): the reader is its only writer, so
 * the position lives in memory and is written at most every `everyMs`, and `everyMs` after the
 * last move at the latest. Under load a reader passes every few commands, and writing the
 * checkpoint on each pass was a third of the registry's database writes. A crash repeats at
 * most `everyMs` of the reader's work, which it tolerates anyway: the projection ignores
 * versions it has, the relay publishes at least once.
 */
export class ThrottledCheckpoint {
  private position: number | null = null;
  private saved: number | null = null;
  private savedAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  /** Writes go one after another, so an older position can never land after a newer one. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: CheckpointStore,
    private readonly reader: string,
    private readonly everyMs = CHECKPOINT_EVERY_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async load(): Promise<number> {
    if (this.position === null) this.position = this.saved = await this.store.load(this.reader);
    return this.position;
  }

  /** The reader has handled everything up to `position`. */
  async advance(position: number): Promise<void> {
    this.position = position;
    const dueIn = this.savedAt + this.everyMs - this.now();
    if (dueIn <= 0) await this.flush();
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), dueIn).unref();
  }

  /** Writes the position if it moved since the last write (on shutdown, and when due). */
  async flush(): Promise<void> {
    this.cancelTimer();
    this.writing = this.writing.catch(() => undefined).then(async () => {
      const position = this.position;
      if (position === null || position === this.saved) return;
      this.savedAt = this.now();
      await this.store.save(this.reader, position, new Date(this.savedAt));
      this.saved = position;
    });
    await this.writing;
  }

  /** Forgets the position here and in the store (a rebuild starts from the beginning). */
  async reset(): Promise<void> {
    this.cancelTimer();
    await this.writing.catch(() => undefined);
    this.position = this.saved = null;
    this.savedAt = Number.NEGATIVE_INFINITY;
    await this.store.reset(this.reader);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
