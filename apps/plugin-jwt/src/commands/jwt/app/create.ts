import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { helpExamples } from '../../../base/examples.js';
import { JwtCommand } from '../../../base/jwt-command.js';
import { targetOrgFlag } from '../../../base/target-org-flag.js';
import { jwtKeyFileFlag } from '../../../flags/key-flags.js';
import { progressOn, renderAppCreate, renderAppCreateFailure } from '../../../render/app-create.js';
import type { AppCreateResult } from '../../../results/app-create.js';
import { createAppInOrg } from '../../../services/app-create.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.create');

export type { AppCreateResult } from '../../../results/app-create.js';

export default class JwtAppCreate extends JwtCommand<AppCreateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = helpExamples(messages.getMessages('examples'));

  public static override readonly flags = {
    'target-org': targetOrgFlag(),
    name: Flags.string({ char: 'n', required: true, summary: messages.getMessage('flags.name.summary') }),
    'cert-file': Flags.string({
      required: true,
      summary: messages.getMessage('flags.cert-file.summary'),
      helpValue: '<path>',
    }),
    'jwt-key-file': jwtKeyFileFlag,
    username: Flags.string({ required: true, summary: messages.getMessage('flags.username.summary') }),
    'permission-set': Flags.string({
      summary: messages.getMessage('flags.permission-set.summary'),
      exclusive: ['profile'],
    }),
    profile: Flags.string({
      summary: messages.getMessage('flags.profile.summary'),
      exclusive: ['permission-set', 'create-permission-set'],
    }),
    'create-permission-set': Flags.boolean({
      summary: messages.getMessage('flags.create-permission-set.summary'),
      exclusive: ['profile'],
    }),
    // Whole minutes, as sf's own --wait flags take them (an integer keeps @salesforce/kit's Duration out of the types).
    wait: Flags.integer({
      char: 'w',
      min: 0,
      max: 1440,
      default: 10,
      summary: messages.getMessage('flags.wait.summary'),
      description: messages.getMessage('flags.wait.description'),
    }),
    // No default: without the flag, SFJWT_TIMEOUT decides (else 30 s), as for the other commands' --timeout.
    // eslint-disable-next-line sf-plugin/flag-min-max-default
    timeout: Flags.integer({
      min: 1,
      max: 3600,
      summary: messages.getMessage('flags.timeout.summary'),
      description: messages.getMessage('flags.timeout.description'),
    }),
    'contact-email': Flags.string({
      summary: messages.getMessage('flags.contact-email.summary'),
      description: messages.getMessage('flags.contact-email.description'),
    }),
    'consumer-key': Flags.string({
      summary: messages.getMessage('flags.consumer-key.summary'),
      description: messages.getMessage('flags.consumer-key.description'),
    }),
  };

  public async run(): Promise<AppCreateResult> {
    const { flags } = await this.parse(JwtAppCreate);
    const input = {
      name: flags.name,
      certFile: flags['cert-file'],
      username: flags.username,
      permissionSet: flags['permission-set'],
      profile: flags.profile,
      createPermissionSet: flags['create-permission-set'],
      waitMs: flags.wait * 60_000,
      jwtKeyFile: flags['jwt-key-file'],
      contactEmail: flags['contact-email'],
      consumerKey: flags['consumer-key'],
      timeoutSeconds: flags.timeout,
    };
    // Salesforce's DX guide: a Dev Hub that creates scratch orgs or sandboxes needs a connected app, not an ECA.
    if (flags['target-org'].isDevHubOrg()) this.warn(messages.getMessage('warning.devHub'));
    const result = await this.guard(() =>
      createAppInOrg(flags['target-org'], input, this.services(), progressOn(this)),
    );
    renderAppCreate(this, result);
    return result;
  }

  protected override mapError(err: unknown): Error {
    const mapped = super.mapError(err);
    // The partial result (sf prints it in --json): in human output, the component failures and the steps reached.
    const result = (mapped as { result?: AppCreateResult }).result;
    if (result !== undefined && Array.isArray(result.steps)) renderAppCreateFailure(this, result);
    return mapped;
  }
}
