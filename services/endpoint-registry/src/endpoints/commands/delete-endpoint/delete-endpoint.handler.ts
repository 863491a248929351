import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import type { CommandContext } from '../../application/command-context';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';
import { liveView } from '../../application/live-view';
import { EndpointCap } from '../../cap/endpoint-cap';
import type { DeleteEndpointInput } from './delete-endpoint.command';

/**
 * Permanent for the partner; the stream stays for auditors, and key management shreds the
 * secrets on EndpointDeleted. The endpoint's cap slot is given back (if this process dies
 * first, the next AddEndpoints that finds the cap full gives it back).
 */
@Injectable()
export class DeleteEndpointHandler {
  constructor(
    private readonly runner: EndpointCommandRunner,
    private readonly cap: EndpointCap,
  ) {}

  async execute(input: DeleteEndpointInput, context: CommandContext): Promise<EndpointView> {
    const outcome = await this.runner.execute(input.endpointId, context, (_state, now) => ({
      type: 'DeleteEndpoint',
      data: { endpointId: input.endpointId },
      metadata: { now, actor: context.actor, requestId: context.requestId },
    }));
    const view = liveView(outcome.stream, input.endpointId);
    if (view.status === 'DELETED') await this.cap.releaseAll(context.partnerId, input.endpointId);
    return view;
  }
}
