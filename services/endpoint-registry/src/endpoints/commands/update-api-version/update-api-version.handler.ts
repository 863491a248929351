import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import type { CommandContext } from '../../application/command-context';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';
import { liveView } from '../../application/live-view';
import type { UpdateApiVersionInput } from './update-api-version.command';

@Injectable()
export class UpdateApiVersionHandler {
  constructor(private readonly runner: EndpointCommandRunner) {}

  async execute(input: UpdateApiVersionInput, context: CommandContext): Promise<EndpointView> {
    const outcome = await this.runner.execute(input.endpointId, context, (_state, now) => ({
      type: 'UpdateApiVersion',
      data: { endpointId: input.endpointId, apiVersion: input.apiVersion },
      metadata: { now, actor: context.actor, requestId: context.requestId },
    }));
    return liveView(outcome.stream, input.endpointId);
  }
}
