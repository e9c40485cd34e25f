import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { renderValidation } from '../../render/validate.js';
import type { JwtValidateResult } from '../../results/validate.js';
import { assertionInvalid, validateAssertionFor } from '../../services/validate.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.validate');

export type { JwtValidateFinding, JwtValidateResult } from '../../results/validate.js';

export default class JwtValidate extends JwtCommand<JwtValidateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    assertion: Flags.string({ summary: messages.getMessage('flags.assertion.summary'), helpValue: '<token|->' }),
    'cert-file': Flags.string({
      multiple: true,
      summary: messages.getMessage('flags.cert-file.summary'),
      helpValue: '<path>',
    }),
    'client-id': Flags.string({ char: 'i', summary: messages.getMessage('flags.client-id.summary') }),
    // -o as in `sf org login jwt` and every sf jwt command: here the username the assertion should name.
    // eslint-disable-next-line sf-plugin/dash-o
    username: Flags.string({ char: 'o', summary: messages.getMessage('flags.username.summary') }),
    'instance-url': Flags.string({ char: 'r', summary: messages.getMessage('flags.instance-url.summary') }),
    audience: Flags.string({ summary: messages.getMessage('flags.audience.summary') }),
  };

  public async run(): Promise<JwtValidateResult> {
    const { flags } = await this.parse(JwtValidate);
    const input = {
      assertion: flags.assertion,
      certFiles: flags['cert-file'] ?? [],
      expected: {
        clientId: flags['client-id'],
        username: flags.username,
        instanceUrl: flags['instance-url'],
        audience: flags.audience,
      },
    };
    const result = await this.guard(() => validateAssertionFor(input, this.services()));
    renderValidation(this, result);
    // Exit 0 only when Salesforce should accept it; the findings are the result either way (in the error's result).
    if (!result.ok) this.failWith(assertionInvalid(result), result);
    return result;
  }
}
