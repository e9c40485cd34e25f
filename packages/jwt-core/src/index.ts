// The public types use Node's (`KeyObject` from node:crypto, `Buffer`): the emitted index.d.ts keeps this reference, so
// a project that does not load @types/node (TypeScript 7's default `types: []`) is told to add it, in one line.
/// <reference types="node" preserve="true" />
/**
 * @sfjwt/jwt-core — Salesforce's OAuth 2.0 JWT Bearer flow as a pure library.
 *
 * No file system, environment or prompts: inputs are strings, bytes or `KeyObject`s; `fetch` and the clock are
 * parameters. Grouped by concept; each group lives in its own folder under `src/`.
 *
 * This index is the public API, curated for apps: keys, certificates, keystores, claims, signing, validation,
 * audience resolution, the exchange, the token client, diagnosis, pre-approval, app metadata and the errors.
 * Transport internals (request body, response parsing, backoff, fallback order, the error catalog) are not
 * exported: `test/public-api.test.ts` pins the list, so a change to it is deliberate.
 */

// --- errors ---
export * from './errors.js';

// --- quoting user-supplied text in messages (src/text) ---
export { previewText } from './text/preview.js';

// --- keys (src/keys) ---
export { normalizePem } from './keys/normalize-pem.js';
export {
  loadPrivateKey,
  type LoadedPrivateKey,
  type LoadPrivateKeyOptions,
  type PrivateKeyFormat,
} from './keys/load-private-key.js';
export { privateKeyInfo, type PrivateKeyInfo } from './keys/private-key-info.js';
export { MINIMUM_RSA_BITS } from './keys/key-errors.js';
export {
  generateRsaKeyPair,
  RSA_KEY_SIZES,
  type GenerateRsaKeyPairOptions,
  type RsaKeyPair,
  type RsaKeySize,
} from './keys/generate-key-pair.js';
export { exportPrivateKeyPem, type ExportPrivateKeyOptions } from './keys/export-private-key.js';
export { publicKeyFingerprint } from './keys/public-key-fingerprint.js';

// --- certificates and CSRs (src/certs) ---
export type { DistinguishedName } from './certs/subject.js';
export { createSelfSignedCertificate, type SelfSignedCertificateOptions } from './certs/create-certificate.js';
export { createCsr, type CsrOptions } from './certs/create-csr.js';
export { readCertificate } from './certs/read-certificate.js';
export {
  assertCertificateMatchesKey,
  certificateMatchesKey,
  describeCertificate,
  type CertificateDescription,
  type DescribeCertificateOptions,
} from './certs/describe-certificate.js';

// --- keystores (src/keystore) ---
export { createJavaKeyStore, javaKeyStoreAlias, type JavaKeyStoreOptions } from './keystore/java-keystore.js';
export { createPkcs12 } from './keystore/pkcs12.js';
export { validateKeystoreKey, type KeystoreOptions } from './keystore/options.js';
export {
  DEFAULT_KEYSTORE_ALIAS,
  KEYSTORE_MIN_PASSWORD_LENGTH,
  keystoreAliasFromCommonName,
  validateKeystoreAlias,
  validateKeystorePassword,
} from './keystore/alias.js';

// --- app metadata: External Client App / Connected App source files (src/metadata) ---
export { AppMetadataError } from './metadata/app-metadata-error.js';
export type { AppMetadata, MetadataComponent, MetadataFile } from './metadata/types.js';
export type { AppOptions } from './metadata/app-options.js';
export type { NewPermissionSetOptions, PermittedUsersOptions } from './metadata/permitted-users.js';
export {
  buildExternalClientApp,
  CREDENTIAL_FILE_COMMENT,
  ECA_POLICY_SUFFIX,
  MAX_ECA_NAME_LENGTH,
  type ExternalClientAppOptions,
} from './metadata/external-client-app.js';
export { buildConnectedApp, type ConnectedAppOptions } from './metadata/connected-app.js';
export {
  CONSUMER_KEY_LENGTH,
  CONSUMER_KEY_PREFIX,
  GENERATED_CONSUMER_KEY_LENGTH,
  generateConsumerKey,
  validateConsumerKey,
} from './metadata/consumer-key.js';
export { DEFAULT_APP_SCOPES, OAUTH_SCOPE_NAMES, normalizeScopes, type OAuthScopeName } from './metadata/scopes.js';
export { DEFAULT_CALLBACK_URL } from './metadata/app-settings.js';
export { METADATA_TYPES, type MetadataTypeInfo } from './metadata/metadata-types.js';
export {
  DEFAULT_METADATA_API_VERSION,
  MIN_METADATA_API_VERSION,
  buildPackageXml,
  type PackageXmlOptions,
} from './metadata/package-xml.js';
export {
  DEFAULT_PACKAGE_DIRECTORY,
  PACKAGE_XML_PATH,
  buildSfdxProjectJson,
  buildSourceProject,
  type SfdxProjectOptions,
  type SourceProject,
  type SourceProjectOptions,
} from './metadata/source-project.js';
export { FORCEIGNORE_SNIPPET, GITIGNORE_SNIPPET } from './metadata/ignore-rules.js';

// --- audiences and endpoints (src/audience) ---
export {
  GS1_AUDIENCE,
  LOGIN_URL,
  TEST_URL,
  resolveEndpoints,
  type AppType,
  type EndpointCandidate,
  type ResolveEndpointsInput,
  type ResolvedEndpoints,
} from './audience/resolve.js';
export { normalizeAudience, normalizeLoginUrl, normalizeTokenHost } from './audience/normalize-url.js';
export type { HostFamily } from './audience/families.js';
export { isLoopbackHost, type UrlRole } from './audience/url.js';

// --- the clock-skew policy (src/clock) ---
export {
  CLOCK_SKEW_LIMIT_MS,
  CLOCK_SKEW_TOLERANCE_MS,
  assessClockSkew,
  type ClockSkewAssessment,
  type ClockSkewGrade,
  type ClockSkewInput,
} from './clock/clock-skew.js';

// --- claims and signing (src/claims, src/sign) ---
export { buildClaims, type BuildClaimsOptions, type BuiltClaims } from './claims/build-claims.js';
export { DEFAULT_LIFETIME_SECONDS, MAX_LONG_LIVED_SECONDS } from './claims/lifetime.js';
export type { AssertionClaims, ClaimWarning, ClaimWarningCode } from './claims/types.js';
export { ASSERTION_HEADER, signAssertion } from './sign/sign-assertion.js';
export { createAssertion, type CreateAssertionOptions, type CreatedAssertion } from './sign/create-assertion.js';

// --- assertion decoding and validation (src/validate) ---
export {
  decodeAssertion,
  MAX_ASSERTION_BYTES,
  type AssertionPart,
  type DecodedAssertion,
  type JsonObject,
} from './validate/decode.js';
export {
  validateAssertion,
  type AssertionValidation,
  type ValidateAssertionOptions,
  type ValidationExpectation,
} from './validate/validate-assertion.js';
export { FINDING_SEVERITY, type Finding, type FindingCode, type FindingSeverity } from './validate/findings.js';
export type { SignatureCandidate } from './validate/candidates.js';
export type { SignatureCheck } from './validate/check-signature.js';

// --- token exchange: transport and fallback across candidates (src/exchange) ---
export { exchangeAssertion, type ExchangeOptions } from './exchange/exchange.js';
export { DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_DEADLINE_MS, type SetTimer } from './exchange/deadline.js';
export { MAX_TOKEN_RESPONSE_BYTES, readCappedText, type BodyRead } from './exchange/read-body.js';
export { exchangeWithFallback, type FallbackOptions, type SignedAssertion } from './exchange/fallback.js';
export { proxyForUrl, type ProxySettings } from './exchange/proxy.js';
export type {
  AttemptOutcome,
  ExchangeAttempt,
  ExchangeRequestInit,
  ExchangeResponse,
  FetchLike,
  ParsedToken,
  RejectionFacts,
  ResponseBody,
  ResponseBodyReader,
  TokenResult,
} from './exchange/types.js';

// --- the token client: mint, cache, single-flight, authorized fetch (src/client) ---
export {
  createTokenClient,
  DEFAULT_REMINT_COOLDOWN_MS,
  REMINT_COOLDOWN_HEADER,
  type GetTokenOptions,
  type TokenClient,
  type TokenClientOptions,
} from './client/token-client.js';
export { mintAccessToken, type MintOptions, type MintedToken, type PrivateKeyInput } from './client/mint.js';
export type { ClientFetch, OtherOriginPolicy, TokenClientRequestInit } from './client/authorized-fetch.js';
export {
  createMemoryTokenCache,
  tokenCacheKey,
  type CachedAccessToken,
  type TokenCache,
  type TokenCacheKeyInput,
} from './client/token-cache.js';
export type { TokenCacheErrorEvent } from './client/shared-cache.js';
export { DEFAULT_TOKEN_TTL_MS, MAX_REFRESH_AHEAD_MS } from './client/freshness.js';

// --- diagnosis of a rejected grant (src/diagnose) ---
export { diagnoseFailure } from './diagnose/diagnose.js';
export { diagnoseAttempts, type AttemptAnswer } from './diagnose/diagnose-attempts.js';
export type { DiagnoseInput } from './diagnose/diagnose-context.js';
export type { CauseId, FixContext } from './diagnose/causes.js';
export type { DiagnosedCause, Diagnosis, Likelihood } from './diagnose/diagnosis-types.js';

// --- pre-approval (src/preapprove) ---
export {
  DEFAULT_REDIRECT_URI,
  DEFAULT_SCOPE,
  buildAuthorizeUrl,
  type AuthorizeUrl,
  type AuthorizeUrlOptions,
} from './preapprove/authorize-url.js';
export { APPROVAL_RULES, preapprovalGuide, type ApprovalRule, type PreapprovalGuide } from './preapprove/guide.js';
