import { Algorithm, hash, verify } from '@node-rs/argon2';
import { ARGON2ID_PARAMETERS, type PasswordHasher } from '@bakuun/key-domain';

/**
 * The PasswordHasher port over `@node-rs/argon2` with the domain's OWASP parameters. The library
 * draws a fresh 16-byte salt per hash, and `verify` reads the parameters from the hash string and
 * compares in constant time; a malformed stored hash verifies as false instead of throwing.
 */
export class Argon2idPasswordHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    const { memoryCost, timeCost, parallelism, outputLen } = ARGON2ID_PARAMETERS;
    return hash(password, { algorithm: Algorithm.Argon2id, memoryCost, timeCost, parallelism, outputLen });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
