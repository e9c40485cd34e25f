import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../../base/examples.js';
import { JwtCommand } from '../../../base/jwt-command.js';
import { renderAppGenerate } from '../../../render/app-generate.js';
import type { AppGenerateResult } from '../../../results/app-generate.js';
import { generateApp } from '../../../services/app-generate.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.generate');

export type { AppGenerateResult } from '../../../results/app-generate.js';

export default class JwtAppGenerate extends JwtCommand<AppGenerateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    name: Flags.string({ char: 'n', required: true, summary: messages.getMessage('flags.name.summary') }),
    'cert-file': Flags.string({
      required: true,
      summary: messages.getMessage('flags.cert-file.summary'),
      helpValue: '<path>',
    }),
    'output-dir': Flags.directory({
      char: 'd',
      required: true,
      summary: messages.getMessage('flags.output-dir.summary'),
    }),
    profile: Flags.string({ multiple: true, summary: messages.getMessage('flags.profile.summary') }),
    'permission-set': Flags.string({ multiple: true, summary: messages.getMessage('flags.permission-set.summary') }),
    'create-permission-set': Flags.boolean({ summary: messages.getMessage('flags.create-permission-set.summary') }),
    scopes: Flags.string({ multiple: true, delimiter: ',', summary: messages.getMessage('flags.scopes.summary') }),
    'callback-url': Flags.string({ summary: messages.getMessage('flags.callback-url.summary') }),
    'contact-email': Flags.string({ summary: messages.getMessage('flags.contact-email.summary') }),
    'consumer-key': Flags.string({ summary: messages.getMessage('flags.consumer-key.summary') }),
    type: Flags.option({
      options: ['external-client-app', 'connected-app'] as const,
      default: 'external-client-app' as const,
      summary: messages.getMessage('flags.type.summary'),
    })(),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
  };

  public async run(): Promise<AppGenerateResult> {
    const { flags } = await this.parse(JwtAppGenerate);
    const input = {
      name: flags.name,
      type: flags.type,
      certFile: flags['cert-file'],
      outputDir: flags['output-dir'],
      profiles: flags.profile ?? [],
      permissionSets: flags['permission-set'] ?? [],
      createPermissionSet: flags['create-permission-set'],
      scopes: flags.scopes,
      callbackUrl: flags['callback-url'],
      contactEmail: flags['contact-email'],
      consumerKey: flags['consumer-key'],
      force: flags.force,
    };
    const result = await this.guard(() => generateApp(input));
    renderAppGenerate(this, result);
    return result;
  }
}
