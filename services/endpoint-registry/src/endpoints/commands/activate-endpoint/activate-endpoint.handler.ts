import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import type { CommandContext } from '../../application/command-context';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';
import { liveView } from '../../application/live-view';
import { OutboundUrlChecker } from '../../application/outbound-url.checker';
import type { ActivateEndpointInput } from './activate-endpoint.command';

@Injectable()
export class ActivateEndpointHandler {
  constructor(
    private readonly runner: EndpointCommandRunner,
    private readonly urls: OutboundUrlChecker,
  ) {}

  async execute(input: ActivateEndpointInput, context: CommandContext): Promise<EndpointView> {
    const outcome = await this.runner.execute(input.endpointId, context, (_state, now) => ({
      type: 'ActivateEndpoint',
      data: { endpointId: input.endpointId, urlPolicy: this.urls.policy },
      metadata: { now, actor: context.actor, requestId: context.requestId },
    }));
    return liveView(outcome.stream, input.endpointId);
  }
}
