/** Uniform draws in [0, 1) for retry jitter; tests pin it. */
export interface Random {
  next(): number;
}

export const mathRandom: Random = { next: () => Math.random() };
