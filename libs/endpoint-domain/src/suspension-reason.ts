import { assertNever } from './assert-never';

/** Why an endpoint stopped receiving: an operator, the metrics auto-suspend policy, or a 410 Gone. */
export type SuspensionReason =
  | { readonly kind: 'MANUAL'; readonly note?: string }
  | { readonly kind: 'AUTOMATIC'; readonly figure: AutoSuspendFigure }
  | { readonly kind: 'RECEIVER_GONE'; readonly statusCode: 410 };

/** The measurement that tripped the auto-suspend policy, e.g. error rate 0.92 over 3600 s and 250 attempts. */
export interface AutoSuspendFigure {
  readonly metric: string;
  readonly value: number;
  readonly windowSeconds: number;
  readonly attempts: number;
}

/** A copy holding only the fields of its kind, with no `undefined` keys, so it survives JSON storage unchanged. */
export function copySuspensionReason(reason: SuspensionReason): SuspensionReason {
  switch (reason.kind) {
    case 'MANUAL':
      return reason.note === undefined ? { kind: 'MANUAL' } : { kind: 'MANUAL', note: reason.note };
    case 'AUTOMATIC': {
      const { metric, value, windowSeconds, attempts } = reason.figure;
      return { kind: 'AUTOMATIC', figure: { metric, value, windowSeconds, attempts } };
    }
    case 'RECEIVER_GONE':
      return { kind: 'RECEIVER_GONE', statusCode: 410 };
    default:
      return assertNever(reason);
  }
}
