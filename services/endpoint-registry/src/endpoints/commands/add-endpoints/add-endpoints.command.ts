import type { EndpointCategory, EndpointMethod } from '@bakuun/endpoint-domain';

/** The partner-facing "Add endpoint": one endpoint per selected method. */
export interface AddEndpointsInput {
  category: EndpointCategory;
  methods: EndpointMethod[];
  /** For the outbound endpoint among the methods; optional (status stays TO_SET until set). */
  url: string | null;
  /** Null: the category's current version. */
  apiVersion: string | null;
}
