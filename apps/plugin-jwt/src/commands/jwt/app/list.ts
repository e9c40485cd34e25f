import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../../base/examples.js';
import { JwtCommand } from '../../../base/jwt-command.js';
import { targetOrgFlag } from '../../../base/target-org-flag.js';
import { durationFlag } from '../../../flags/duration.js';
import { renderAppList } from '../../../render/app-list.js';
import type { AppListResult } from '../../../results/app-list.js';
import { listAppsInOrg } from '../../../services/app-list.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.list');

export type { AppListResult } from '../../../results/app-list.js';

export default class JwtAppList extends JwtCommand<AppListResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'target-org': targetOrgFlag(),
    'expiring-within': durationFlag({ summary: messages.getMessage('flags.expiring-within.summary') }),
    // No default: without the flag, SFJWT_TIMEOUT decides (else 30 s), as for the other commands' --timeout.
    // eslint-disable-next-line sf-plugin/flag-min-max-default
    timeout: Flags.integer({ min: 1, max: 3600, summary: messages.getMessage('flags.timeout.summary') }),
  };

  /** The alias or username the user gave, for the rotation commands we print (they run as written). */
  private targetOrgWord = '';

  public async run(): Promise<AppListResult> {
    const { flags } = await this.parse(JwtAppList);
    const org = flags['target-org'];
    this.targetOrgWord = targetOrgArgument(this.argv) ?? org.getUsername() ?? '';
    const input = {
      expiringWithinMs: flags['expiring-within'],
      targetOrg: this.targetOrgWord,
      timeoutSeconds: flags.timeout,
    };
    const result = await this.guard(() => listAppsInOrg(org, input, this.services()));
    renderAppList(this, result);
    return result;
  }

  protected override mapError(err: unknown): Error {
    const mapped = super.mapError(err);
    // --expiring-within found apps: the table first (sf prints the result itself in --json), then the error.
    const result = (mapped as { result?: AppListResult }).result;
    if (result !== undefined && Array.isArray(result.apps)) renderAppList(this, result);
    return mapped;
  }
}

/** The value given to --target-org/-o (`--target-org x`, `--target-org=x`, `-o x`, `-ox`), if any. */
function targetOrgArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--target-org' || arg === '-o') return argv[i + 1];
    if (arg.startsWith('--target-org=')) return arg.slice('--target-org='.length);
    if (arg.startsWith('-o') && arg.length > 2 && !arg.startsWith('--')) return arg.slice(2);
  }
  return undefined;
}
