import { Inject, Injectable } from '@nestjs/common';
import {
  AddEndpoint,
  decide,
  EndpointView,
  initialState,
  planAddEndpoints,
  PlannedEndpoint,
} from '@bakuun/endpoint-domain';
import type { CommandContext } from '../../application/command-context';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';
import { endpointIdFor } from '../../application/endpoint-id.generator';
import { OutboundUrlChecker } from '../../application/outbound-url.checker';
import { CLOCK, KEY_ISSUER } from '../../endpoints.di-tokens';
import type { Clock } from '../../ports/clock.port';
import type { KeyIssuer } from '../../ports/key-issuer.port';
import { EndpointCap } from '../../cap/endpoint-cap';
import { InboundUrls } from '../../application/inbound-urls';
import type { AddEndpointsInput } from './add-endpoints.command';

export interface AddedEndpoint {
  view: EndpointView;
  /** The plaintext key, shown once; empty when this answers a retried request. */
  key: string;
}

/**
 * Validates every endpoint of the request before any key is issued (a dry run of the pure
 * decider), so a bad URL or version never leaves a key behind; then claims one cap slot per
 * endpoint (all or none, see EndpointCap); then per method: issue the key, append EndpointAdded.
 * A retried request finds its endpoint already in the log when appending, answers the first
 * result without the key, and gives back the slot it claimed again.
 */
@Injectable()
export class AddEndpointsHandler {
  constructor(
    private readonly runner: EndpointCommandRunner,
    private readonly cap: EndpointCap,
    private readonly urls: OutboundUrlChecker,
    private readonly inboundUrls: InboundUrls,
    @Inject(KEY_ISSUER) private readonly keys: KeyIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: AddEndpointsInput, context: CommandContext): Promise<AddedEndpoint[]> {
    const planned = planAddEndpoints({ category: input.category, methods: input.methods, existingEndpointCount: 0 });
    const hasOutbound = planned.some((p) => p.direction === 'OUTBOUND');
    if (input.url && hasOutbound) await this.urls.check(input.url);
    planned.forEach((p) => decide(this.command(input, context, p, { keyId: 'key_dry_run', maskedKey: '…' }, 0, this.clock.now()), initialState()));

    const endpoints = planned.map((p) => ({ ...p, endpointId: endpointIdFor(context.partnerId, context.requestId, p.method) }));
    const claims = await this.cap.claim(context.partnerId, input.category, endpoints, this.clock.now());
    const added: AddedEndpoint[] = [];
    try {
      for (const [i, p] of endpoints.entries()) {
        const key = await this.keys.issueKey({ requestId: `${context.requestId}:${p.method}`, endpointId: p.endpointId, partnerId: context.partnerId, category: input.category, method: p.method, direction: p.direction });
        const below = (claims[i]!.slot ?? 1) - 1;
        const outcome = await this.runner.execute(p.endpointId, context, (_state, now) => this.command(input, context, p, key, below, now), { assumeNew: true });
        if (!outcome.changed) await this.cap.release(context.partnerId, input.category, [claims[i]!]);
        added.push({ view: outcome.stream.view!, key: outcome.changed ? key.plaintext : '' });
      }
    } catch (error) {
      await this.cap.release(context.partnerId, input.category, claims.slice(added.length));
      throw error;
    }
    return added;
  }

  private command(
    input: AddEndpointsInput,
    context: CommandContext,
    planned: PlannedEndpoint,
    key: { keyId: string; maskedKey: string },
    /** Endpoints the partner holds besides this one, as far as known: the slots below the one claimed. */
    existingEndpointCount: number,
    now: Date,
  ): AddEndpoint {
    const endpointId = endpointIdFor(context.partnerId, context.requestId, planned.method);
    const inbound = planned.direction === 'INBOUND';
    return {
      type: 'AddEndpoint',
      data: {
        endpointId,
        partnerId: context.partnerId,
        category: input.category,
        method: planned.method,
        url: inbound ? null : input.url,
        ...(input.apiVersion ? { apiVersion: input.apiVersion } : {}),
        keyId: key.keyId,
        maskedKey: key.maskedKey,
        ...(inbound ? { generatedUrl: this.inboundUrls.urlFor(input.category, planned.method, endpointId) } : {}),
        existingEndpointCount,
        urlPolicy: this.urls.policy,
      },
      metadata: { now, actor: context.actor, requestId: context.requestId },
    };
  }
}
