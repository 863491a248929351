/**
 * Verifies an operator's password at sign-in. Operator accounts (argon2id hashes, lockout)
 * live in key management only; the console never stores or compares passwords itself.
 */
export interface OperatorAuthenticator {
  /**
   * Resolves when `password` is the operator's; rejects with `OperatorRejectedError` for a wrong
   * password, an unknown operator or a locked account alike, and with the upstream failure when
   * the verifier cannot answer.
   */
  verify(request: { partnerId: string; operatorId: string; password: string; correlationId: string }): Promise<void>;
}

export const OPERATOR_AUTHENTICATOR = Symbol('OPERATOR_AUTHENTICATOR');

/** The verifier refused the credentials (which of them is not said, on purpose). */
export class OperatorRejectedError extends Error {
  constructor() {
    super('Operator credentials were rejected');
    this.name = 'OperatorRejectedError';
  }
}
