// The cache contract of the token client.
// Mirrors @sfjwt/jwt-core's TokenCache; becomes `import type` from jwt-core at merge.

/** An access token as a token cache stores it: the token, where it works, and when it stops being served. */
export interface CachedAccessToken {
  readonly accessToken: string;
  readonly instanceUrl: string;
  readonly tokenHost: string;
  readonly audience?: string;
  readonly id?: string;
  readonly scope?: string;
  readonly tokenType?: string;
  /** Epoch ms. */
  readonly issuedAt: number;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** The public-key fingerprint of the rotation key that worked. */
  readonly keyFingerprint?: string;
}

/** A cache shared by token clients, possibly across processes. */
export interface TokenCache {
  get(key: string): Promise<CachedAccessToken | undefined>;
  set(key: string, value: CachedAccessToken, ttlMs: number): Promise<void>;
  /** Compare-and-delete: deletes only if the entry still holds this access token; true when it deleted. */
  deleteIf(key: string, accessToken: string): Promise<boolean>;
  /** Distributed single flight: a release function, or undefined when another holder has it; expires after ttlMs. */
  acquire?(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}
