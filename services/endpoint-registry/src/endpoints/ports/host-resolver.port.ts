/** Resolves a host name to its addresses (DNS at the edge; the domain checks only syntax). */
export interface HostResolver {
  resolve(host: string): Promise<string[]>;
}
