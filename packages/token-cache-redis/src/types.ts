// The cache contract of jwt-core's token client, re-exported so that users of this package need one import.
export type { CachedAccessToken, TokenCache } from '@sfjwt/jwt-core';
