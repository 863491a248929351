/** Ends every switch over a union: adding a member without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
