import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import type { CommandContext } from '../../application/command-context';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';
import { liveView } from '../../application/live-view';
import type { SuspendEndpointInput } from './suspend-endpoint.command';

@Injectable()
export class SuspendEndpointHandler {
  constructor(private readonly runner: EndpointCommandRunner) {}

  async execute(input: SuspendEndpointInput, context: CommandContext): Promise<EndpointView> {
    const outcome = await this.runner.execute(input.endpointId, context, (_state, now) => ({
      type: 'SuspendEndpoint',
      data: { endpointId: input.endpointId, reason: input.reason },
      metadata: { now, actor: context.actor, requestId: context.requestId },
    }));
    return liveView(outcome.stream, input.endpointId);
  }
}
