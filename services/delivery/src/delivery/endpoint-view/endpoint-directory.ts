import { Injectable } from '@nestjs/common';
import type { EndpointCategory, EndpointView } from '@bakuun/endpoint-domain';

export type EndpointChange = { readonly before: EndpointView | null; readonly after: EndpointView; readonly eventType: string };
type Listener = (change: EndpointChange) => void;

/**
 * The endpoint view in memory, for the hot path: which endpoints a message goes to, and each
 * endpoint's URL, status and version at attempt time. Loaded from MongoDB at start, then kept
 * current by the endpoint-events consumer.
 */
@Injectable()
export class EndpointDirectory {
  private readonly byId = new Map<string, EndpointView>();
  private readonly byPartnerCategory = new Map<string, Set<string>>();
  private readonly listeners: Listener[] = [];

  load(views: EndpointView[]): void {
    for (const view of views) this.put(view);
  }

  get(endpointId: string): EndpointView | undefined {
    return this.byId.get(endpointId);
  }

  /** TO_SET, SUSPENDED and deleted endpoints receive nothing; neither do inbound ones or outbound ones without a URL. */
  deliverableTargets(partnerId: string, category: EndpointCategory): EndpointView[] {
    const ids = this.byPartnerCategory.get(`${partnerId}|${category}`);
    if (!ids) return [];
    const out: EndpointView[] = [];
    for (const id of ids) {
      const view = this.byId.get(id);
      if (view && isDeliverable(view)) out.push(view);
    }
    return out;
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  apply(after: EndpointView, eventType: string): void {
    const before = this.byId.get(after.endpointId) ?? null;
    if (before && before.streamVersion >= after.streamVersion) return;
    this.put(after);
    for (const listener of this.listeners) listener({ before, after, eventType });
  }

  private put(view: EndpointView): void {
    this.byId.set(view.endpointId, view);
    const key = `${view.partnerId}|${view.category}`;
    let ids = this.byPartnerCategory.get(key);
    if (!ids) this.byPartnerCategory.set(key, (ids = new Set()));
    ids.add(view.endpointId);
  }
}

export function isDeliverable(view: EndpointView): boolean {
  return view.status === 'ACTIVE' && view.direction === 'OUTBOUND' && view.url !== null;
}
