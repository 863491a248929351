import type { SigningSecret } from '@bakuun/delivery-domain';

export interface EndpointRef {
  readonly endpointId: string;
  readonly partnerId: string;
}

/** The endpoint's currently valid signing secrets, newest first (one during normal operation, two during a rotation overlap). */
export interface SigningSecretSource {
  secretsFor(endpoint: EndpointRef): Promise<(SigningSecret & { readonly expiresAt: Date | null })[]>;
}
