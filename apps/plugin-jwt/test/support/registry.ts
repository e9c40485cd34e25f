/**
 * The npm registry as sf's npm (and npx) reach it from a test: a fast failure, saying why, when it is unreachable. Shared by the tests that install release tarballs.
 */

/**
 * Fails fast, saying why, when this process cannot reach the registry: sf's npm would otherwise retry for minutes.
 * (Under turbo, only the variables in turbo.json's passThroughEnv reach the tests: the proxy and CA ones are listed.)
 */
export async function assertRegistryReachable(): Promise<void> {
  const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');
  try {
    const response = await fetch(`${registry}@oclif%2fcore`, { method: 'HEAD', signal: AbortSignal.timeout(30_000) });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const cause =
      error instanceof Error
        ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
        : String(error);
    throw new Error(
      `The npm registry ${registry} is not reachable from the test (${cause}); sf plugins install needs it. Check HTTPS_PROXY / NODE_EXTRA_CA_CERTS.`,
    );
  }
}
