import { Injectable } from '@nestjs/common';
import { nextOrdinal } from '@bakuun/delivery-domain';
import { MessageRepository } from '../persistence/message.repository';

const MAX_CACHED_HOTELS = 200_000;

/**
 * Hands out upstream ordinals per category, partner and hotel. A hotel's messages are consumed
 * from one partition by one process at a time, in order, so the last ordinal is kept in memory.
 * A hotel not seen yet by this process starts above the highest ordinal stored when the process
 * started (one query, not one per hotel), so ordinals keep increasing across restarts even if the
 * clock went back. When a partition moves between two live processes, ordinals stay increasing
 * as long as their clocks differ by less than the time the move takes.
 */
@Injectable()
export class OrdinalTracker {
  private readonly last = new Map<string, number>();
  private floor: Promise<number> | null = null;

  constructor(private readonly messages: MessageRepository) {}

  async next(category: string, partnerId: string, hotelCode: string, nowMicros: number): Promise<number> {
    const key = `${category}|${partnerId}|${hotelCode}`;
    let last = this.last.get(key);
    if (last === undefined) last = await (this.floor ??= this.messages.highestOrdinalOverall());
    const ordinal = nextOrdinal(last, nowMicros);
    this.remember(key, ordinal);
    return ordinal;
  }

  /** A message stored by an earlier consumption keeps its ordinal; later ones must still be greater. */
  observe(category: string, partnerId: string, hotelCode: string, ordinal: number): void {
    const key = `${category}|${partnerId}|${hotelCode}`;
    if ((this.last.get(key) ?? 0) < ordinal) this.remember(key, ordinal);
  }

  private remember(key: string, ordinal: number): void {
    this.last.delete(key);
    this.last.set(key, ordinal);
    if (this.last.size > MAX_CACHED_HOTELS) this.last.delete(this.last.keys().next().value!);
  }
}
