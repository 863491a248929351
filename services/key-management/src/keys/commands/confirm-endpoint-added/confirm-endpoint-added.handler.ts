import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError } from '@bakuun/errors';
import { CLOCK } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';
import type { ConfirmEndpointAddedInput, ConfirmEndpointAddedOutcome } from './confirm-endpoint-added.command';

const MAX_WRITE_ATTEMPTS = 5;

/**
 * Aligns with the registry's EndpointAdded: marks the issued key as attached to a real endpoint.
 * A key issued for an endpoint the registry never added (it died between IssueKey and its
 * append, and was not retried) stays unconfirmed, which operators can see and sweep.
 */
@Injectable()
export class ConfirmEndpointAddedHandler {
  constructor(
    private readonly records: EndpointKeysRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: ConfirmEndpointAddedInput): Promise<ConfirmEndpointAddedOutcome> {
    for (let attempt = 1; ; attempt++) {
      const record = await this.records.getForProcessing(input.endpointId);
      if (record === null) return 'UNKNOWN_ENDPOINT';
      if (record.partnerId !== input.partnerId || record.issuedKeyId !== input.keyId) return 'MISMATCH';
      if (record.addedConfirmedAt !== null) return 'ALREADY_CONFIRMED';
      const now = this.clock.now();
      try {
        await this.records.replace({ ...record, version: record.version + 1, addedConfirmedAt: now, updatedAt: now });
        return 'CONFIRMED';
      } catch (error) {
        // Another writer (a roll, a redelivery of this event) got there first: reload and look again.
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      }
    }
  }
}
