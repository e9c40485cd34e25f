// Whether jwt-core's token client uses a `cache` yet: the Redis cache's example and the fleet benchmarks need it, and
// say why they skip until it does. Takes createTokenClient as a parameter: test-support never imports jwt-core.

/** The options the probe passes: a working login (the emulator's demo app). */
export interface ProbeLogin {
  readonly clientId: string;
  readonly username: string;
  readonly privateKey: unknown;
  readonly instanceUrl: string;
}

type CreateTokenClient = (options: never) => { getToken(): Promise<unknown> };

/**
 * Gets one token with a recording cache; undefined when the client called it, otherwise the reason to skip.
 * The login must work: a failed getToken() is rethrown (it is not a missing feature).
 */
export async function tokenClientCacheProblem(
  createTokenClient: CreateTokenClient,
  login: ProbeLogin,
): Promise<string | undefined> {
  let used = false;
  const cache = {
    get: () => ((used = true), Promise.resolve(undefined)),
    set: () => ((used = true), Promise.resolve()),
    deleteIf: () => ((used = true), Promise.resolve(false)),
  };
  const client = createTokenClient({ ...login, fetch: globalThis.fetch, now: Date.now, cache } as never);
  await client.getToken();
  return used
    ? undefined
    : "jwt-core's createTokenClient does not use a `cache` yet (it needs the token-cache change of issue 18)";
}
