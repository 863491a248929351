/** When each endpoint's current key was last used, as key management tracks it. */
export interface KeyUsageReader {
  /** Endpoints whose usage could not be read are left out: the figure is informative, never blocking. */
  lastUsedAt(partnerId: string, endpointIds: string[]): Promise<Map<string, string>>;
}
