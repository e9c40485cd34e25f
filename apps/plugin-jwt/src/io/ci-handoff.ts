/**
 * Handing a login on to the next CI step, only where the user asked: step outputs (`$GITHUB_OUTPUT`), job
 * environment (`$GITHUB_ENV`) or a dotenv file (0600, for other CI systems). The instance URL, username, org id and
 * alias always; the access token only with `accessToken` set; the private key never. GitHub's files are appended to
 * (they are the runner's, shared by every step); a dotenv file is ours, written like a key: 0600, atomically, never
 * over an existing file without `force`.
 */
import { appendFile } from 'node:fs/promises';
import { pluginError } from '../errors/plugin-error.js';
import { writeFilesAtomically } from './crash-safe-write.js';
import { describeErrno } from './errno.js';

/** What the next step gets. */
export interface SessionHandOff {
  readonly instanceUrl: string;
  readonly username: string;
  readonly orgId: string;
  readonly alias: string | undefined;
  /** Present only when the user asked for the token. */
  readonly accessToken: string | undefined;
}

/** Where to write it (each optional). */
export interface HandOffTargets {
  readonly githubOutput: boolean;
  readonly githubEnv: boolean;
  readonly dotenvFile: string | undefined;
  readonly force: boolean;
}

/** The names each target uses: step outputs are kebab-case, environment variables SFJWT_*. */
const OUTPUT_NAMES = {
  instanceUrl: 'instance-url',
  username: 'username',
  orgId: 'org-id',
  alias: 'alias',
  accessToken: 'access-token',
} as const;
const ENV_NAMES = {
  instanceUrl: 'SFJWT_INSTANCE_URL',
  username: 'SFJWT_USERNAME',
  orgId: 'SFJWT_ORG_ID',
  alias: 'SFJWT_ALIAS',
  accessToken: 'SFJWT_ACCESS_TOKEN',
} as const;

type Field = keyof typeof OUTPUT_NAMES;

/** The fields with a value, in a fixed order. */
function fields(handOff: SessionHandOff): Array<[Field, string]> {
  const order: Field[] = ['instanceUrl', 'username', 'orgId', 'alias', 'accessToken'];
  return order.flatMap((field) => {
    const value = handOff[field];
    return value === undefined ? [] : [[field, value] as [Field, string]];
  });
}

/**
 * `name=value` lines; a value with a line break (never one of ours: URLs, usernames, ids and tokens have none) is
 * refused rather than written, since it could add a line of its own (another output, another variable).
 */
function lines(handOff: SessionHandOff, names: Readonly<Record<Field, string>>, quote: boolean): string {
  return fields(handOff)
    .map(([field, value]) => {
      if (/[\r\n\0]/.test(value)) throw pluginError('HandOffValueInvalid', [names[field]]);
      return `${names[field]}=${quote ? `'${value.replace(/'/g, "'\\''")}'` : value}\n`;
    })
    .join('');
}

/** Appends to the runner's file named by `variable` ($GITHUB_OUTPUT or $GITHUB_ENV). */
async function appendToRunnerFile(variable: string, env: NodeJS.ProcessEnv, text: string): Promise<string> {
  const path = env[variable];
  if (path === undefined || path === '') throw pluginError('HandOffFileUnset', [variable]);
  try {
    await appendFile(path, text, { encoding: 'utf8', flag: 'a' });
  } catch (err) {
    throw pluginError('FileUnwritable', [path, describeErrno(err)]);
  }
  return path;
}

/**
 * Writes the hand-off to every target asked for; returns the files written (for the human output).
 *
 * @throws `ERR_HANDOFF_FILE_UNSET` when $GITHUB_OUTPUT / $GITHUB_ENV is not set, `ERR_FILE_EXISTS` for an existing
 *   dotenv file without `force`, `ERR_FILE_UNWRITABLE`.
 */
export async function handOffSession(
  handOff: SessionHandOff,
  targets: HandOffTargets,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const written: string[] = [];
  if (targets.githubOutput)
    written.push(await appendToRunnerFile('GITHUB_OUTPUT', env, lines(handOff, OUTPUT_NAMES, false)));
  if (targets.githubEnv) written.push(await appendToRunnerFile('GITHUB_ENV', env, lines(handOff, ENV_NAMES, false)));
  if (targets.dotenvFile !== undefined) {
    const content = lines(handOff, ENV_NAMES, true);
    written.push(...(await writeFilesAtomically([{ path: targets.dotenvFile, content, mode: 0o600 }], targets)));
  }
  return written;
}
