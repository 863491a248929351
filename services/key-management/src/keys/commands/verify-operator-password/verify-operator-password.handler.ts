import { Inject, Injectable } from '@nestjs/common';
import { OperatorPasswordConfirmer } from '../../application/operator-password.confirmer';
import { CLOCK } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import type { VerifiedOperator, VerifyOperatorPasswordInput } from './verify-operator-password.command';

/**
 * A console sign-in: the operator's password confirmed with RollKey's rules (one argon2id
 * computation on every path, one error for wrong password, unknown operator and locked account),
 * and failures counted toward the same lockout. A command, not a query: it writes lockout state.
 */
@Injectable()
export class VerifyOperatorPasswordHandler {
  constructor(
    private readonly passwords: OperatorPasswordConfirmer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(input: VerifyOperatorPasswordInput): Promise<VerifiedOperator> {
    return this.passwords.confirm(input.partnerId, input.operatorId, input.password, this.clock.now());
  }
}
