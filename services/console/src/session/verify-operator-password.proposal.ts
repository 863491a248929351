import type { fromJSON } from '@grpc/proto-loader';

/**
 * PROPOSED, not yet in proto/: the one RPC the console needs from key management to sign
 * operators in. Until `proto/bakuun/webhooks/keys/v1/key_management_service.proto` has it (and
 * `keysV1.KeyManagementServiceClient` is regenerated), the console calls it through this
 * descriptor, on the path the generated service will have:
 *
 * ```proto
 * service KeyManagementService {
 *   // Confirms an operator's password for a console sign-in, with RollKey's rules: one argon2id
 *   // computation on every path; the same UNAUTHENTICATED `OPERATOR.CREDENTIALS_REJECTED` for a
 *   // wrong password, an unknown operator and a locked account; failures count toward the same
 *   // lockout. The partner is the `x-partner-id` call metadata.
 *   rpc VerifyOperatorPassword(VerifyOperatorPasswordRequest) returns (VerifyOperatorPasswordResponse);
 * }
 *
 * message VerifyOperatorPasswordRequest {
 *   string operator_id = 1;
 *   string password = 2;
 * }
 *
 * message VerifyOperatorPasswordResponse {
 *   string operator_id = 1;
 *   // RFC 3339: lets the console end sessions that began before a password change.
 *   string password_changed_at = 2;
 * }
 * ```
 *
 * In key management it is `OperatorPasswordConfirmer.confirm(partnerId, operatorId, password, now)`
 * behind the existing gRPC controller. Delete this file when the generated client has the method.
 */
export const VERIFY_OPERATOR_PASSWORD_DESCRIPTOR: Parameters<typeof fromJSON>[0] = {
  nested: {
    bakuun: {
      nested: {
        webhooks: {
          nested: {
            keys: {
              nested: {
                v1: {
                  nested: {
                    KeyManagementService: {
                      methods: { VerifyOperatorPassword: { requestType: 'VerifyOperatorPasswordRequest', responseType: 'VerifyOperatorPasswordResponse', comment: 'Proposed; see above.' } },
                    },
                    VerifyOperatorPasswordRequest: { fields: { operatorId: { type: 'string', id: 1 }, password: { type: 'string', id: 2 } } },
                    VerifyOperatorPasswordResponse: { fields: { operatorId: { type: 'string', id: 1 }, passwordChangedAt: { type: 'string', id: 2 } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

export interface VerifyOperatorPasswordRequest {
  operatorId: string;
  password: string;
}

export interface VerifyOperatorPasswordResponse {
  operatorId: string;
  passwordChangedAt: string;
}
