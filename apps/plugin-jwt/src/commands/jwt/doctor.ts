import { Messages } from '@salesforce/core/messages';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { runDoctor, type DoctorResult } from '../../shared/doctor-checks.js';
import { toSfError } from '../../shared/errors.js';
import { exchangeFlags, exchangeInputOf } from '../../shared/org-flags.js';
import { secretSources } from '../../shared/passphrase.js';
import { diagnosisLines } from '../../shared/render-exchange.js';
import { checklistLines } from '../../shared/render-doctor.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.doctor');

export type { DoctorResult } from '../../shared/doctor-checks.js';

export default class JwtDoctor extends SfCommand<DoctorResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...exchangeFlags,
  };

  public async run(): Promise<DoctorResult> {
    const { flags } = await this.parse(JwtDoctor);
    let result: DoctorResult;
    try {
      result = await runDoctor(
        exchangeInputOf(flags),
        secretSources((message) => this.secretPrompt({ message })),
        process.env,
        Date.now,
      );
    } catch (err) {
      throw toSfError(err);
    }
    for (const line of checklistLines(result)) this.log(line);
    if (result.diagnosis !== undefined) {
      this.log('');
      for (const line of diagnosisLines(result.diagnosis)) this.log(line);
    }
    const failed = result.checks.filter((c) => c.status === 'fail');
    this.log('');
    if (failed.length === 0) {
      this.log(messages.getMessage('summary.ok', [String(result.checks.filter((c) => c.status === 'warn').length)]));
    } else {
      this.logToStderr(messages.getMessage('summary.failed', [String(failed.length), String(result.checks.length), failed.map((c) => c.id).join(', ')]));
      // The checklist is the result either way; the exit code tells CI (SfCommand puts it in the --json status).
      process.exitCode = 1;
    }
    return result;
  }
}
