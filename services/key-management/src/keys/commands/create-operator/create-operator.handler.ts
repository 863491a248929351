import { AlreadyExistsError, ValidationError } from '@bakuun/errors';
import { hashNewPassword, type PasswordHasher } from '@bakuun/key-domain';
import type { Clock } from '../../ports/clock.port';
import type { OperatorAccountRepository } from '../../persistence/operator-account.repository';
import type { CreateOperatorInput } from './create-operator.command';

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const OPERATOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}$/;

/** Ids as the gRPC call metadata carries them; messages name the field, never the value. */
export function checkOperatorIds(partnerId: string, operatorId: string): void {
  if (!PARTNER_ID.test(partnerId)) throw new ValidationError('OPERATOR.PARTNER_INVALID', 'partnerId must be 1-64 letters, digits, "_", "." or "-"', { field: 'partnerId' });
  if (!OPERATOR_ID.test(operatorId)) throw new ValidationError('OPERATOR.ID_INVALID', 'operatorId must be 1-128 letters, digits or "_.@+-"', { field: 'operatorId' });
}

/** An operator account of a partner, for password confirmation of key rolls (run by the CLI, not over gRPC). */
export class CreateOperatorHandler {
  constructor(
    private readonly accounts: OperatorAccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(input: CreateOperatorInput): Promise<void> {
    checkOperatorIds(input.partnerId, input.operatorId);
    const passwordHash = await hashNewPassword(input.password, this.hasher);
    if (!(await this.accounts.create(input.partnerId, input.operatorId, passwordHash, this.clock.now()))) {
      throw new AlreadyExistsError('OPERATOR.ALREADY_EXISTS', `Operator ${input.operatorId} of partner ${input.partnerId} already exists; use set-password`, { field: 'operatorId' });
    }
  }
}
