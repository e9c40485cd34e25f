import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { toSfError } from '../../shared/errors.js';
import { readInputFile, readStdin } from '../../shared/files.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.validate');

/** The environment variable that may hold the assertion to check. */
export const ASSERTION_ENV = 'SF_JWT_ASSERTION';

/** One finding, as in jwt-core. */
export type JwtValidateFinding = { code: string; severity: 'error' | 'warning' | 'info'; message: string; fix: string };

/** `--json` result of `sf jwt validate`. Never contains the assertion itself. */
export type JwtValidateResult = {
  /** True when there is no error finding (the exit code is then 0). */
  ok: boolean;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  findings: JwtValidateFinding[];
  signature: {
    checked: boolean;
    verified?: boolean;
    matchedCandidate?: { label: string; fingerprint: string };
    candidates: Array<{ label: string; kind: string; fingerprint: string; verified: boolean }>;
  };
};

export default class JwtValidate extends SfCommand<JwtValidateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    assertion: Flags.string({ summary: messages.getMessage('flags.assertion.summary'), helpValue: '<token|->' }),
    'cert-file': Flags.string({ multiple: true, summary: messages.getMessage('flags.cert-file.summary'), helpValue: '<path>' }),
    'client-id': Flags.string({ char: 'i', summary: messages.getMessage('flags.client-id.summary') }),
    // -o as in `sf org login jwt` and every sf jwt command: here the username the assertion should name.
    // eslint-disable-next-line sf-plugin/dash-o
    username: Flags.string({ char: 'o', summary: messages.getMessage('flags.username.summary') }),
    'instance-url': Flags.string({ char: 'r', summary: messages.getMessage('flags.instance-url.summary') }),
    audience: Flags.string({ summary: messages.getMessage('flags.audience.summary') }),
  };

  public async run(): Promise<JwtValidateResult> {
    const { flags } = await this.parse(JwtValidate);
    let result: JwtValidateResult;
    try {
      const token = await readAssertion(flags.assertion);
      const certificates = await Promise.all(
        (flags['cert-file'] ?? []).map(async (file) => ({ label: file, pem: (await readInputFile(file)).bytes })),
      );
      const { validateAssertion } = await import('@sfjwt/jwt-core');
      const validation = validateAssertion(token, {
        now: Date.now,
        certificates,
        expected: { clientId: flags['client-id'], username: flags.username, instanceUrl: flags['instance-url'], audience: flags.audience },
      });
      result = JSON.parse(JSON.stringify(validation)) as JwtValidateResult;
    } catch (err) {
      throw toSfError(err);
    }
    this.render(result);
    // Exit 0 only when Salesforce should accept it; the findings are the result either way.
    if (!result.ok) process.exitCode = 1;
    return result;
  }

  private render(result: JwtValidateResult): void {
    const claim = (name: string): string => JSON.stringify(result.claims[name]) ?? '(none)';
    this.log(`iss ${claim('iss')}  sub ${claim('sub')}  aud ${claim('aud')}  exp ${claim('exp')}`);
    this.table({
      data: result.findings.map((f) => ({ severity: f.severity, code: f.code, message: f.message, fix: f.fix })),
      columns: ['severity', 'code', 'message', 'fix'],
      overflow: 'wrap',
    });
    const errors = result.findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) {
      this.log(messages.getMessage('summary.ok', [String(result.findings.filter((f) => f.severity === 'warning').length)]));
    } else {
      this.logToStderr(messages.getMessage('summary.rejected', [String(errors.length), errors.map((f) => f.code).join(', ')]));
    }
  }
}

/** The assertion from the flag, stdin (`-`) or env SF_JWT_ASSERTION. */
async function readAssertion(flag: string | undefined): Promise<string> {
  if (flag === '-') return Buffer.from(await readStdin('assertion')).toString('utf8');
  if (flag !== undefined) return flag;
  const fromEnv = process.env[ASSERTION_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  throw SfError.create({
    name: 'ERR_ASSERTION_INPUT_MISSING',
    message: messages.getMessage('error.AssertionInputMissing'),
    actions: messages.getMessages('error.AssertionInputMissing.actions'),
    exitCode: 1,
  });
}
