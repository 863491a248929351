export * from './attempt-outcome';
export * from './circuit-breaker';
export * from './delivery-id';
export * from './mapping-state';
export * from './ordinal';
export * from './retry-schedule';
export * from './signature';
export * from './upstream-message';
export { RENDERERS, renderPayload, renderVersionFor, type RenderContext, type RenderedPayload, type Renderer } from './renderers';
