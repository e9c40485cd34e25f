/**
 * Ignore rules for the one file an External Client App's metadata holds a credential in: its global OAuth settings
 * (folder `extlClntAppGlobalOauthSets`), which carry the consumer key. Salesforce refuses to package that type and
 * says not to keep it in source control.
 */

/**
 * Lines for a `.gitignore`: keeps every ECA global OAuth settings file out of git.
 *
 * @example
 * ```ts
 * import { GITIGNORE_SNIPPET } from '@sfjwt/jwt-core'
 *
 * const gitignore = existingGitignore + '\n' + GITIGNORE_SNIPPET
 * ```
 */
export const GITIGNORE_SNIPPET = [
  '# External Client App global OAuth settings hold the consumer key (a credential): never commit them.',
  '**/extlClntAppGlobalOauthSets/',
  '',
].join('\n');

/**
 * Lines for a project's `.forceignore`: keeps ECA global OAuth settings out of retrieves, source tracking and
 * packages. A `.forceignore` applies to deploys too, so these lines must not be active in the project that deploys
 * the app (the one {@link buildSourceProject} makes): add them to the project where the app's other files are
 * kept, or write them as a suggestion next to the deploy directory.
 *
 * @example
 * ```ts
 * import { FORCEIGNORE_SNIPPET } from '@sfjwt/jwt-core'
 *
 * const forceignore = existingForceignore + '\n' + FORCEIGNORE_SNIPPET
 * ```
 */
export const FORCEIGNORE_SNIPPET = [
  '# External Client App global OAuth settings hold the consumer key (a credential): keep them out of',
  '# retrieves, source tracking and source control. .forceignore also applies to deploys: comment the',
  '# next line out for the deploy that creates the app or rotates its certificate.',
  '**/extlClntAppGlobalOauthSets/**',
  '',
].join('\n');
