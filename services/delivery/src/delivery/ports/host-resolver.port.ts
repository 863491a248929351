/** Every address a host name resolves to (A and AAAA), as the delivery edge checks them before connecting. */
export interface HostResolver {
  resolve(hostname: string): Promise<string[]>;
}
