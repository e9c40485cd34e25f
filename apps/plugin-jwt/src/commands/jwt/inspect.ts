import { Messages } from '@salesforce/core/messages';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { certFileFlag, jwtKeyFileFlag } from '../../flags/key-flags.js';
import { renderInspection } from '../../render/inspect.js';
import type { InspectResult } from '../../results/inspect.js';
import { inspectKeyAndCertificate } from '../../services/inspect.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.inspect');

export type { InspectedCertificate, InspectedKey, InspectResult } from '../../results/inspect.js';

export default class Inspect extends JwtCommand<InspectResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'jwt-key-file': jwtKeyFileFlag,
    'cert-file': certFileFlag,
  };

  public async run(): Promise<InspectResult> {
    const { flags } = await this.parse(Inspect);
    const input = { jwtKeyFile: flags['jwt-key-file'], certFile: flags['cert-file'] };
    const { result, mismatch } = await this.guard(() => inspectKeyAndCertificate(input, this.services()));
    renderInspection(this, result);
    // Exit non-zero on a mismatch, with jwt-core's ERR_CERT_KEY_MISMATCH; --json still shows both descriptions.
    if (mismatch !== undefined) throw this.mapError(mismatch);
    return result;
  }
}
