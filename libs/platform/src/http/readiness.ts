/** A named check `/readyz` runs; a service registers one per dependency it cannot work without. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
