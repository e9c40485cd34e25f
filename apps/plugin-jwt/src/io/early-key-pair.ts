/**
 * keygen's default key pair (RSA 2048), started before oclif loads when bin/run.js sees `jwt keygen`: the prime search
 * (10 to 70 ms of CPU) then runs on the thread pool while the main thread parses oclif and @salesforce/core, instead
 * of after them. Shared through `globalThis`, like io/interrupts: bin/run.js loads lib/io's copy of this module, the
 * command's bundle inlines its own. A guess from argv that turns out wrong (another --bits) only wastes that work on
 * the thread pool: services/keygen takes the pair only when the size asked for is this one.
 *
 * The parameters are jwt-core's `generateRsaKeyPair` ones (65537, 2048 bits): bin/run.js must not load jwt-core,
 * which the command bundles inline (it would be parsed twice).
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';

/** The size started early: keygen's --bits default. */
export const EARLY_KEY_BITS = 2048;

interface EarlyKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly bits: typeof EARLY_KEY_BITS;
}

const STATE_KEY = Symbol.for('sfjwt.earlyKeyPair');
const state = globalThis as { [STATE_KEY]?: Promise<EarlyKeyPair> };

/** Starts the pair (once per process). A failure is kept for whoever takes it, never an unhandled rejection. */
export function startEarlyKeyPair(): void {
  if (state[STATE_KEY] !== undefined) return;
  const pending = new Promise<EarlyKeyPair>((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: EARLY_KEY_BITS, publicExponent: 0x10001 },
      (error, publicKey, privateKey) =>
        error === null ? resolve({ privateKey, publicKey, bits: EARLY_KEY_BITS }) : reject(error),
    );
  });
  pending.catch(() => undefined);
  state[STATE_KEY] = pending;
}

/** The pair started early, once (a second keygen in the process makes its own), or undefined. */
export function takeEarlyKeyPair(): Promise<EarlyKeyPair> | undefined {
  const pending = state[STATE_KEY];
  delete state[STATE_KEY];
  return pending;
}

/** Whether argv (without node and the script) runs `jwt keygen`, spelled with a space or oclif's colon. */
export function runsKeygen(argv: readonly string[]): boolean {
  return argv[0] === 'jwt:keygen' || (argv[0] === 'jwt' && argv[1] === 'keygen');
}
