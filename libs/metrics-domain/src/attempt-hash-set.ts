/**
 * A set of attempt hashes (`attemptHash`: integers below 2^53) in one Float64Array with open
 * addressing. Why not `Set<number>`: numbers above 2^31 are heap objects in V8, so a Set of
 * them allocates per attempt and keeps millions of small objects alive for the garbage
 * collector to trace; this keeps them unboxed in one array (profiled with `bench:metrics`).
 */
export class AttemptHashSet {
  /** 0 marks an empty slot; a hash of 0 is kept aside in `hasZero`. */
  private slots = new Float64Array(16);
  private hasZero = false;
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(hash: number): boolean {
    if (hash === 0) return this.hasZero;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = slotOf(hash, mask); ; i = (i + 1) & mask) {
      const value = slots[i]!;
      if (value === hash) return true;
      if (value === 0) return false;
    }
  }

  /** Adds `hash`; false when it was already there. */
  add(hash: number): boolean {
    if (hash === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.count += 1;
      return true;
    }
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (!insert(this.slots, hash)) return false;
    this.count += 1;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) insert(this.slots, old[i]!);
  }
}

function insert(slots: Float64Array, hash: number): boolean {
  const mask = slots.length - 1;
  for (let i = slotOf(hash, mask); ; i = (i + 1) & mask) {
    const value = slots[i]!;
    if (value === hash) return false;
    if (value === 0) {
      slots[i] = hash;
      return true;
    }
  }
}

/** The hash's low 32 bits are already well mixed (cyrb53). */
function slotOf(hash: number, mask: number): number {
  return (hash % 4294967296) & mask;
}
