import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import type { CommandContext } from '../../application/command-context';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';
import { OutboundUrlChecker } from '../../application/outbound-url.checker';
import { liveView } from '../../application/live-view';
import type { ConfigureEndpointUrlInput } from './configure-endpoint-url.command';

@Injectable()
export class ConfigureEndpointUrlHandler {
  constructor(
    private readonly runner: EndpointCommandRunner,
    private readonly urls: OutboundUrlChecker,
  ) {}

  async execute(input: ConfigureEndpointUrlInput, context: CommandContext): Promise<EndpointView> {
    await this.urls.check(input.url);
    const outcome = await this.runner.execute(input.endpointId, context, (_state, now) => ({
      type: 'ConfigureEndpointUrl',
      data: { endpointId: input.endpointId, url: input.url, urlPolicy: this.urls.policy },
      metadata: { now, actor: context.actor, requestId: context.requestId },
    }));
    return liveView(outcome.stream, input.endpointId);
  }
}
