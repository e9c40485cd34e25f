import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../../base/examples.js';
import { JwtCommand } from '../../../base/jwt-command.js';
import { targetOrgFlag } from '../../../base/target-org-flag.js';
import { progressOn } from '../../../render/app-create.js';
import { renderAppRotate, renderRotateSteps } from '../../../render/app-rotate.js';
import type { AppRotateResult } from '../../../results/app-rotate.js';
import { rotateAppInOrg } from '../../../services/app-rotate.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.rotate');

export type { AppRotateResult } from '../../../results/app-rotate.js';

export default class JwtAppRotate extends JwtCommand<AppRotateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'target-org': targetOrgFlag(),
    name: Flags.string({ char: 'n', required: true, summary: messages.getMessage('flags.name.summary') }),
    username: Flags.string({ summary: messages.getMessage('flags.username.summary') }),
    'jwt-key-file': Flags.string({ summary: messages.getMessage('flags.jwt-key-file.summary'), helpValue: '<path>' }),
    'cert-file': Flags.string({
      summary: messages.getMessage('flags.cert-file.summary'),
      helpValue: '<path>',
      dependsOn: ['new-key-file'],
    }),
    'new-key-file': Flags.string({
      summary: messages.getMessage('flags.new-key-file.summary'),
      helpValue: '<path>',
      dependsOn: ['cert-file'],
    }),
    'output-dir': Flags.directory({
      char: 'd',
      default: '.',
      summary: messages.getMessage('flags.output-dir.summary'),
    }),
    days: Flags.integer({ min: 1, max: 36_500, default: 365, summary: messages.getMessage('flags.days.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    // Whole minutes, as app create's --wait.
    wait: Flags.integer({
      char: 'w',
      min: 0,
      max: 1440,
      default: 10,
      summary: messages.getMessage('flags.wait.summary'),
    }),
    // No default: without the flag, SFJWT_TIMEOUT decides (else 30 s), as for the other commands' --timeout.
    // eslint-disable-next-line sf-plugin/flag-min-max-default
    timeout: Flags.integer({ min: 1, max: 3600, summary: messages.getMessage('flags.timeout.summary') }),
  };

  public async run(): Promise<AppRotateResult> {
    const { flags } = await this.parse(JwtAppRotate);
    const input = {
      name: flags.name,
      username: flags.username,
      jwtKeyFile: flags['jwt-key-file'],
      certFile: flags['cert-file'],
      newKeyFile: flags['new-key-file'],
      outputDir: flags['output-dir'],
      days: flags.days,
      force: flags.force,
      dryRun: flags['dry-run'],
      waitMs: flags.wait * 60_000,
      timeoutSeconds: flags.timeout,
    };
    const result = await this.guard(() =>
      rotateAppInOrg(flags['target-org'], input, this.services(), progressOn(this)),
    );
    renderAppRotate(this, result);
    return result;
  }

  protected override mapError(err: unknown): Error {
    const mapped = super.mapError(err);
    const result = (mapped as { result?: AppRotateResult }).result;
    if (result !== undefined && Array.isArray(result.steps)) renderRotateSteps(this, result);
    return mapped;
  }
}
