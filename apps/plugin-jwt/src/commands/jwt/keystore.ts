import { Messages } from '@salesforce/core/messages';
import type { SfError } from '@salesforce/core/sfError';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { jwtKeyFileFlag } from '../../flags/key-flags.js';
import { renderKeystore } from '../../render/keystore.js';
import type { KeystoreResult } from '../../results/keystore.js';
import { writeKeystore } from '../../services/keystore.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keystore');

export type { KeystoreFormat, KeystoreResult } from '../../results/keystore.js';

export default class Keystore extends JwtCommand<KeystoreResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'jwt-key-file': jwtKeyFileFlag,
    'cert-file': Flags.string({
      required: true,
      summary: messages.getMessage('flags.cert-file.summary'),
      helpValue: '<path>',
    }),
    'output-file': Flags.string({
      required: true,
      summary: messages.getMessage('flags.output-file.summary'),
      helpValue: '<path>',
    }),
    format: Flags.option({
      options: ['jks', 'pkcs12'] as const,
      summary: messages.getMessage('flags.format.summary'),
    })(),
    // Not --alias: across sf jwt (and sf) that names an org alias.
    'key-alias': Flags.string({ summary: messages.getMessage('flags.key-alias.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
  };

  public async run(): Promise<KeystoreResult> {
    const { flags } = await this.parse(Keystore);
    const input = {
      jwtKeyFile: flags['jwt-key-file'],
      certFile: flags['cert-file'],
      outputFile: flags['output-file'],
      format: flags.format,
      keyAlias: flags['key-alias'],
      force: flags.force,
    };
    const { result, requestedAlias } = await this.guard(() => writeKeystore(input, this.services()));
    renderKeystore(this, result, requestedAlias);
    return result;
  }

  protected override mapError(err: unknown): Error {
    const error = super.mapError(err);
    // The shared action names keygen's flags; say this command's instead.
    if (error.name === 'ERR_FILE_EXISTS')
      (error as SfError).actions = [messages.getMessage('error.FileExists.actions')];
    return error;
  }
}
