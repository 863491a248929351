import { expiryFor, type KeyExpiryCode } from '@bakuun/key-domain';

/**
 * The old key's expiry sent to the registry with RecordKeyRolled.
 *
 * Every choice but NOW counts from the instant the roll was prepared. NOW is special: the old
 * key stops working when the roll is committed, which is after the registry answers, and the
 * registry's decider refuses an expiry before its own clock (ENDPOINT.KEY_EXPIRY_IN_PAST), which
 * `preparedAt` always is by the time the call lands. So NOW is recorded as the end of the call's
 * deadline, an upper bound of the commit instant for every commit made by RollKey itself; locally
 * the old key expires at the commit instant ({@link localOldKeyExpiryBase}). A side effect we
 * rely on: a NOW roll retried after its deadline is refused by the registry unless it was
 * recorded in time, so recovery can never record a NOW roll late.
 */
export function expiryToRecord(code: KeyExpiryCode, preparedAt: Date, registryCallTimeoutMs: number): Date {
  return code === 'NOW' ? new Date(preparedAt.getTime() + registryCallTimeoutMs) : expiryFor(code, preparedAt);
}

/** The `now` handed to the domain's `roll` at commit: NOW expires at the commit instant, the rest as recorded. */
export function localOldKeyExpiryBase(code: KeyExpiryCode, preparedAt: Date, committedAt: Date): Date {
  return code === 'NOW' ? committedAt : preparedAt;
}
