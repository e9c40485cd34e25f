import { Messages } from '@salesforce/core/messages';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { exchangeFlags, exchangeInputOf } from '../../flags/org-flags.js';
import { renderDoctor } from '../../render/doctor.js';
import type { DoctorResult } from '../../results/doctor.js';
import { doctorFailed, runDoctor } from '../../services/doctor.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.doctor');

export type { DoctorResult } from '../../results/doctor.js';

export default class JwtDoctor extends JwtCommand<DoctorResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    ...exchangeFlags,
  };

  public async run(): Promise<DoctorResult> {
    const { flags } = await this.parse(JwtDoctor);
    const result = await this.guard(() => runDoctor(exchangeInputOf(flags), this.services()));
    renderDoctor(this, result);
    // A failed check fails the command (code and exit code of the first failed check), the checklist kept as result.
    if (!result.ok) this.failWith(doctorFailed(result), result);
    return result;
  }
}
