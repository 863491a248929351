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
import { EndpointViewRepository } from '../../read-model/endpoint-view.repository';
import { InboundUrls } from '../../application/inbound-urls';
import type { AddEndpointsInput } from './add-endpoints.command';

export interface AddedEndpoint {
  view: EndpointView;
  /** The plaintext key, shown once; empty when this answers a retried request. */
  key: string;
}

/**
 * Validates every endpoint of the request before any key is issued (a dry run of the pure
 * decider), so a bad URL or version never leaves a key behind; then per method: issue the key,
 * append EndpointAdded.
 */
@Injectable()
export class AddEndpointsHandler {
  constructor(
    private readonly runner: EndpointCommandRunner,
    private readonly views: EndpointViewRepository,
    private readonly urls: OutboundUrlChecker,
    private readonly inboundUrls: InboundUrls,
    @Inject(KEY_ISSUER) private readonly keys: KeyIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: AddEndpointsInput, context: CommandContext): Promise<AddedEndpoint[]> {
    const existingEndpointCount = await this.views.countLive(context.partnerId, input.category);
    const planned = planAddEndpoints({ category: input.category, methods: input.methods, existingEndpointCount });
    const hasOutbound = planned.some((p) => p.direction === 'OUTBOUND');
    if (input.url && hasOutbound) await this.urls.check(input.url);
    planned.forEach((p, i) => decide(this.command(input, context, p, { keyId: 'key_dry_run', maskedKey: '…' }, existingEndpointCount + i, this.clock.now()), initialState()));

    const added: AddedEndpoint[] = [];
    for (const [i, p] of planned.entries()) {
      const endpointId = endpointIdFor(context.partnerId, context.requestId, p.method);
      const existing = await this.runner.load(endpointId, context.partnerId);
      if (existing.view && existing.events[0]?.metadata.requestId === context.requestId) {
        added.push({ view: existing.view, key: '' });
        continue;
      }
      const key = await this.keys.issueKey({ requestId: `${context.requestId}:${p.method}`, endpointId, partnerId: context.partnerId, category: input.category, method: p.method, direction: p.direction });
      const outcome = await this.runner.execute(endpointId, context, (_state, now) => this.command(input, context, p, key, existingEndpointCount + i, now));
      added.push({ view: outcome.stream.view!, key: outcome.changed ? key.plaintext : '' });
    }
    return added;
  }

  private command(
    input: AddEndpointsInput,
    context: CommandContext,
    planned: PlannedEndpoint,
    key: { keyId: string; maskedKey: string },
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
