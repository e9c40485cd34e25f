import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import type { DistinguishedName } from '@sfjwt/jwt-core';
import { helpExamples } from '../../base/examples.js';
import { JwtCommand } from '../../base/jwt-command.js';
import { renderKeygen } from '../../render/keygen.js';
import type { KeygenResult } from '../../results/keygen.js';
import { generateKeyFiles, startDefaultKeyPair, startDefaultKeyPairEarly } from '../../services/keygen.js';

// Inside sf, this module's evaluation is the first time our code runs for `sf jwt keygen` (oclif loads it, then runs
// sf's prerun hooks and the command's init): the default pair's prime search starts here, on the thread pool, instead
// of at the command's construction ~50 ms later. Standalone, bin/run.js started it before oclif loaded (this is then
// a no-op). The command takes it only for the default --bits.
startDefaultKeyPairEarly();

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.keygen');

export type { KeygenResult } from '../../results/keygen.js';

export default class Keygen extends JwtCommand<KeygenResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'output-dir': Flags.directory({
      char: 'd',
      required: true,
      summary: messages.getMessage('flags.output-dir.summary'),
    }),
    name: Flags.string({ char: 'n', default: 'server', summary: messages.getMessage('flags.name.summary') }),
    bits: Flags.option({
      char: 'b',
      options: ['2048', '3072', '4096'] as const,
      default: '2048' as const,
      summary: messages.getMessage('flags.bits.summary'),
    })(),
    days: Flags.integer({ min: 1, max: 36_500, default: 365, summary: messages.getMessage('flags.days.summary') }),
    'common-name': Flags.string({ summary: messages.getMessage('flags.common-name.summary') }),
    organization: Flags.string({ summary: messages.getMessage('flags.organization.summary') }),
    'organizational-unit': Flags.string({ summary: messages.getMessage('flags.organizational-unit.summary') }),
    locality: Flags.string({ summary: messages.getMessage('flags.locality.summary') }),
    state: Flags.string({ summary: messages.getMessage('flags.state.summary') }),
    country: Flags.string({ summary: messages.getMessage('flags.country.summary') }),
    email: Flags.string({ summary: messages.getMessage('flags.email.summary') }),
    csr: Flags.boolean({ summary: messages.getMessage('flags.csr.summary') }),
    encrypt: Flags.boolean({ summary: messages.getMessage('flags.encrypt.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
  };

  /** The default-size key pair: the one started when this module loaded, or one started now (see the service). */
  private readonly earlyKeyPair = startDefaultKeyPair();

  public async run(): Promise<KeygenResult> {
    const { flags } = await this.parse(Keygen);
    const input = {
      outputDir: flags['output-dir'],
      name: flags.name,
      bits: Number(flags.bits) as 2048 | 3072 | 4096,
      days: flags.days,
      commonName: flags['common-name'],
      subject: {
        ...optional('organization', flags.organization),
        ...optional('organizationalUnit', flags['organizational-unit']),
        ...optional('locality', flags.locality),
        ...optional('state', flags.state),
        ...optional('country', flags.country),
        ...optional('emailAddress', flags.email),
      },
      csr: flags.csr,
      encrypt: flags.encrypt,
      force: flags.force,
      earlyKeyPair: this.earlyKeyPair,
    };
    const result = await this.guard(() => generateKeyFiles(input, this.services()));
    renderKeygen(this, result);
    return result;
  }
}

/** `{ [field]: value }` when the flag was given, so absent flags stay absent (exactOptionalPropertyTypes). */
function optional<K extends keyof DistinguishedName>(
  field: K,
  value: string | undefined,
): Partial<Pick<DistinguishedName, K>> {
  return value === undefined ? {} : ({ [field]: value } as Pick<DistinguishedName, K>);
}
