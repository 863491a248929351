import type { AppliedMappingChange } from '../mapping-state';
import type { RenderContext } from './renderer';

export const MAPPING_EVENT_TYPE = 'mapping.changed';

export function mappingOf(context: RenderContext): AppliedMappingChange {
  if (context.message.category !== 'MAPPING' || context.mapping === undefined) {
    throw new TypeError('A MAPPING renderer needs a MAPPING message and the hotel mapping it produced');
  }
  return context.mapping;
}
