// The public entry is curated for apps: this pins its runtime exports, so adding or removing one is a deliberate,
// reviewed change (the package's API), and transport internals stay out of it.
import { strict as assert } from 'node:assert';
import * as api from '../src/index.js';

const PUBLIC_VALUES = `
APPROVAL_RULES ASSERTION_HEADER AppMetadataError AssertionFormatError CLOCK_SKEW_LIMIT_MS CLOCK_SKEW_TOLERANCE_MS
CONSUMER_KEY_LENGTH CONSUMER_KEY_PREFIX CREDENTIAL_FILE_COMMENT CertificateError ClaimError DEFAULT_APP_SCOPES
DEFAULT_REMINT_COOLDOWN_MS REMINT_COOLDOWN_HEADER createMemoryTokenCache tokenCacheKey
DEFAULT_ATTEMPT_TIMEOUT_MS DEFAULT_CALLBACK_URL DEFAULT_DEADLINE_MS DEFAULT_KEYSTORE_ALIAS DEFAULT_LIFETIME_SECONDS
DEFAULT_METADATA_API_VERSION DEFAULT_PACKAGE_DIRECTORY DEFAULT_REDIRECT_URI DEFAULT_SCOPE DEFAULT_TOKEN_TTL_MS
ECA_POLICY_SUFFIX FINDING_SEVERITY FORCEIGNORE_SNIPPET GENERATED_CONSUMER_KEY_LENGTH GITIGNORE_SNIPPET GS1_AUDIENCE
JwtCoreError KEYSTORE_MIN_PASSWORD_LENGTH KeyError KeyGenerationError KeystoreError LOGIN_URL MAX_ASSERTION_BYTES
MAX_ECA_NAME_LENGTH MAX_LONG_LIVED_SECONDS MAX_REFRESH_AHEAD_MS MAX_TOKEN_RESPONSE_BYTES METADATA_TYPES
MINIMUM_RSA_BITS MIN_METADATA_API_VERSION OAUTH_SCOPE_NAMES PACKAGE_XML_PATH RSA_KEY_SIZES TEST_URL
TokenExchangeError TransportError UrlError assertCertificateMatchesKey assessClockSkew buildAuthorizeUrl buildClaims
buildConnectedApp buildExternalClientApp buildPackageXml buildSfdxProjectJson buildSourceProject certificateMatchesKey
createAssertion createCsr createJavaKeyStore createPkcs12 createSelfSignedCertificate createTokenClient decodeAssertion
describeCertificate diagnoseAttempts diagnoseFailure exchangeAssertion exchangeWithFallback exportPrivateKeyPem
generateConsumerKey generateRsaKeyPair isJwtCoreError javaKeyStoreAlias keystoreAliasFromCommonName loadPrivateKey
mintAccessToken normalizeAudience normalizeLoginUrl normalizePem normalizeScopes normalizeTokenHost preapprovalGuide
isLoopbackHost previewText readCappedText privateKeyInfo proxyForUrl publicKeyFingerprint readCertificate resolveEndpoints signAssertion validateAssertion
validateConsumerKey validateKeystoreAlias validateKeystoreKey validateKeystorePassword
`
  .trim()
  .split(/\s+/);

describe('public API (src/index.ts)', () => {
  it('exports exactly the curated values', () => {
    assert.deepEqual(Object.keys(api).sort(), [...PUBLIC_VALUES].sort());
  });

  it('keeps transport and diagnosis internals out', () => {
    for (const name of [
      'backoffDelay',
      'nextCandidateIndex',
      'tokenRequestBody',
      'parseTokenResponse',
      'tokenEndpoint',
      'TOKEN_PATH',
      'isExemptFromProxy',
      'CATALOG',
      'findCatalogRow',
    ]) {
      assert.ok(!(name in api), `${name} is exported`);
    }
  });
});
