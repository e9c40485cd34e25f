import { waiterAborted } from './abort.js';
import type { MintedToken } from './mint.js';
import { CACHE_FAILED, type SharedCache } from './shared-cache.js';
import type { CachedAccessToken } from './token-cache.js';

/** What the single flight across processes needs from its token client. */
export interface FleetFlight {
  readonly shared: SharedCache;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly signal: AbortSignal | undefined;
  /** TTL of the lock: a holder that dies frees it after this. */
  readonly lockTtlMs: number;
  /** Longest wait for another holder's token before minting here. */
  readonly maxWaitMs: number;
  /** A cache entry the client may serve at time `t`. */
  readonly servable: (entry: CachedAccessToken | undefined, t: number) => entry is CachedAccessToken;
  /** Serves an entry (and remembers it in memory). */
  readonly adopt: (entry: CachedAccessToken) => MintedToken;
  /** Mints here, without sharing (the cache failed). */
  readonly mintHere: () => Promise<MintedToken>;
  /** Mints here and writes the entry to the cache. */
  readonly mintAndPublish: () => Promise<MintedToken>;
}

/** An entry the cache holds for this client (neither a failure nor an unusable entry, which the next mint replaces). */
const isEntry = (entry: CachedAccessToken | undefined | symbol): entry is CachedAccessToken | undefined =>
  typeof entry !== 'symbol';

/** As the lock holder: check once more (another holder may just have finished), then mint and share; release. */
export async function holdAndMint(
  flight: FleetFlight,
  release: () => Promise<void>,
  enough: (entry: CachedAccessToken) => boolean,
): Promise<MintedToken> {
  try {
    const entry = await flight.shared.get();
    if (isEntry(entry) && flight.servable(entry, flight.now()) && enough(entry)) return flight.adopt(entry);
    return await flight.mintAndPublish();
  } finally {
    await flight.shared.release(release);
  }
}

/** Another process holds the lock: poll for its token (backoff with jitter), take over if its lock lapses. */
async function waitForHolder(flight: FleetFlight): Promise<MintedToken> {
  const { shared, now, signal } = flight;
  const giveUpAt = now() + flight.maxWaitMs;
  for (let delayMs = 20; now() + delayMs < giveUpAt; delayMs = Math.min(delayMs * 2, 1_000)) {
    await flight.sleep(delayMs * (0.5 + flight.random()), signal);
    if (signal?.aborted === true) throw waiterAborted(signal);
    const entry = await shared.get();
    if (entry === CACHE_FAILED) return flight.mintHere();
    if (isEntry(entry) && flight.servable(entry, now())) return flight.adopt(entry);
    const release = await shared.acquire(flight.lockTtlMs);
    if (release === CACHE_FAILED) return flight.mintHere();
    if (release !== undefined) return holdAndMint(flight, release, () => true);
  }
  // The deadline nears: mint here rather than keep waiting.
  return flight.mintAndPublish();
}

/**
 * The token behind a shared cache's miss. With the cache's lock, one process mints and the others wait for its
 * entry (bounded by `maxWaitMs`); without a lock, each process that missed mints and shares.
 */
export async function mintAcrossFleet(flight: FleetFlight): Promise<MintedToken> {
  if (!flight.shared.canLock) return flight.mintAndPublish();
  const release = await flight.shared.acquire(flight.lockTtlMs);
  if (release === CACHE_FAILED) return flight.mintHere();
  if (release !== undefined) return holdAndMint(flight, release, () => true);
  return waitForHolder(flight);
}
