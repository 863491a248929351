import { NotFoundError } from '@bakuun/errors';
import { hashNewPassword, type PasswordHasher } from '@bakuun/key-domain';
import type { Clock } from '../../ports/clock.port';
import type { OperatorAccountRepository } from '../../persistence/operator-account.repository';
import type { SetOperatorPasswordInput } from './set-operator-password.command';
import { checkOperatorIds } from '../create-operator/create-operator.handler';

/** Sets a new password (policy-checked, argon2id) and lifts any lockout: an administrator's reset. */
export class SetOperatorPasswordHandler {
  constructor(
    private readonly accounts: OperatorAccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: SetOperatorPasswordInput): Promise<void> {
    checkOperatorIds(input.partnerId, input.operatorId);
    const passwordHash = await hashNewPassword(input.password, this.hasher);
    if (!(await this.accounts.setPassword(input.partnerId, input.operatorId, passwordHash, this.clock.now()))) {
      throw new NotFoundError('OPERATOR.NOT_FOUND', `Operator ${input.operatorId} of partner ${input.partnerId} does not exist; use create`, { field: 'operatorId' });
    }
  }
}
