export interface VerifyOperatorPasswordInput {
  partnerId: string;
  operatorId: string;
  password: string;
}

export interface VerifiedOperator {
  operatorId: string;
  /** When the password was last set: sessions that began before it are stale. */
  passwordChangedAt: Date;
}
