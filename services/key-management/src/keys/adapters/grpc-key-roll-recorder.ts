import type { OnApplicationShutdown } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import type { Metadata } from '@grpc/grpc-js';
import { lastValueFrom, timeout } from 'rxjs';
import { registryV1 } from '@bakuun/contracts';
import { DomainError, ErrorCode, IllegalStateError, NotFoundError, ValidationError } from '@bakuun/errors';
import { callMetadata, ERROR_CODE_TRAILER } from '@bakuun/platform';
import { KeyRollNotRecorded, type KeyRollRecorder, type KeyRollToRecord } from '../ports/key-roll-recorder.port';

export const KEY_MANAGEMENT_ACTOR = { kind: 'SERVICE', id: 'key-management' } as const;

/**
 * Statuses with which the registry answered without recording the roll: its decider refused it
 * (stale roll, expiry in the past, deleted endpoint) or the request itself. A retry under the
 * same request id can never succeed, so the pending roll is abandoned. Everything else
 * (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ABORTED after the registry's own retries…) leaves the
 * outcome unknown or retryable.
 */
const REFUSALS = new Set<number>([status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION, status.ALREADY_EXISTS, status.OUT_OF_RANGE]);
const ERROR_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/** Turns what the gRPC client threw into the port's error; the registry's message and code are kept, nothing else. */
export function classifyRecordingError(error: unknown): KeyRollNotRecorded {
  const grpc = error as { code?: unknown; details?: unknown; metadata?: Metadata };
  if (typeof grpc?.code !== 'number' || !REFUSALS.has(grpc.code)) return new KeyRollNotRecorded('unknown', null, { cause: error });
  const trailer = grpc.metadata?.get?.(ERROR_CODE_TRAILER)?.[0];
  const code = (typeof trailer === 'string' && ERROR_CODE.test(trailer) ? trailer : 'KEY.ROLL_REFUSED') as ErrorCode;
  const message = `The endpoint registry refused the key roll: ${typeof grpc.details === 'string' ? grpc.details : 'no details'}`;
  let refusal: DomainError;
  if (grpc.code === status.INVALID_ARGUMENT || grpc.code === status.OUT_OF_RANGE) refusal = new ValidationError(code, message);
  else if (grpc.code === status.NOT_FOUND) refusal = new NotFoundError(code, message, { field: 'endpoint_id' });
  else refusal = new IllegalStateError(code, message);
  return new KeyRollNotRecorded('refused', refusal);
}

/** KeyRollRecorder over the registry's gRPC API, acting as the key-management service for the endpoint's partner. */
export class GrpcKeyRollRecorder implements KeyRollRecorder, OnApplicationShutdown {
  private readonly client: registryV1.EndpointRegistryServiceClient;
  private readonly closeClient: () => void;

  constructor(
    grpc: { service: registryV1.EndpointRegistryServiceClient; close: () => void },
    private readonly timeoutMs: number,
  ) {
    this.client = grpc.service;
    this.closeClient = grpc.close;
  }

  onApplicationShutdown(): void {
    this.closeClient();
  }

  async recordKeyRolled(roll: KeyRollToRecord): Promise<void> {
    try {
      await lastValueFrom(
        this.client
          .recordKeyRolled(
            {
              requestId: roll.requestId,
              endpointId: roll.endpointId,
              newKeyId: roll.newKeyId,
              maskedKey: roll.maskedKey,
              oldKeyId: roll.oldKeyId,
              oldKeyExpiresAt: roll.oldKeyExpiresAt.toISOString(),
            },
            callMetadata(roll.partnerId, KEY_MANAGEMENT_ACTOR, roll.requestId),
          )
          .pipe(timeout(this.timeoutMs)),
      );
    } catch (error) {
      throw classifyRecordingError(error);
    }
  }
}
