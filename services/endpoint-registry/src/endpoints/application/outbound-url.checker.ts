import { Inject, Injectable } from '@nestjs/common';
import { isPublicIpAddress, UrlPolicy, validateEndpointUrl } from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';
import { isIP } from 'node:net';
import { HOST_RESOLVER, REGISTRY_CONFIG } from '../endpoints.di-tokens';
import type { HostResolver } from '../ports/host-resolver.port';
import type { RegistryConfig } from '../../config';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Checks a partner URL when it is set: the domain's syntax policy, then (unless disabled) every
 * address its host resolves to must be public. Delivery checks again at connect time, since DNS
 * can change after this check.
 */
@Injectable()
export class OutboundUrlChecker {
  readonly policy: UrlPolicy;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(HOST_RESOLVER) private readonly resolver: HostResolver,
  ) {
    this.policy = { allowInsecureLoopback: config.ALLOW_INSECURE_LOOPBACK_URLS };
  }

  async check(url: string): Promise<void> {
    const normalised = validateEndpointUrl(url, this.policy);
    if (!this.config.RESOLVE_URL_ON_SET) return;
    const host = new URL(normalised).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return;
    let addresses: string[];
    try {
      addresses = await this.resolver.resolve(host);
    } catch {
      throw new ValidationError('ENDPOINT.URL_HOST_UNRESOLVABLE', `The host ${host} of the URL does not resolve`, { field: 'url' });
    }
    const refused = addresses.filter((a) => !isPublicIpAddress(a) && !(this.policy.allowInsecureLoopback && LOOPBACK.test(a)));
    if (addresses.length === 0 || refused.length > 0) {
      throw new ValidationError('ENDPOINT.URL_HOST_NOT_PUBLIC', `The host ${host} of the URL resolves to a private or reserved address`, { field: 'url' });
    }
  }
}
