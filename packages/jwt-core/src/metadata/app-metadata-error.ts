import { JwtCoreError, type AppMetadataErrorCode } from '../errors.js';

/**
 * An option given to the app metadata builders ({@link buildExternalClientApp}, {@link buildConnectedApp},
 * {@link buildPackageXml}, {@link buildSourceProject}) cannot become a deployable component. Codes start with
 * `ERR_APP_`; the message names the option, the value (never a secret) and the rule it breaks.
 *
 * @example
 * ```ts
 * import { AppMetadataError, buildExternalClientApp } from '@sfjwt/jwt-core'
 *
 * try {
 *   buildExternalClientApp({ name: 'My App', certificate: '', contactEmail: 'admin@example.com', profiles: ['System Administrator'] })
 * } catch (err) {
 *   if (err instanceof AppMetadataError) console.error(err.code, err.message, err.fix)
 * }
 * ```
 */
export class AppMetadataError extends JwtCoreError<AppMetadataErrorCode> {}
