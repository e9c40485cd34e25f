import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import { JwtCommand } from '../../../base/jwt-command.js';
import { jwtKeyFileFlag } from '../../../flags/key-flags.js';
import { renderAppCreate, renderAppCreateFailure } from '../../../render/app-create.js';
import type { AppCreateResult } from '../../../results/app-create.js';
import { createAppInOrg } from '../../../services/app-create.js';
import { serverText } from '../../../text/server-text.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.create');

export type { AppCreateResult } from '../../../results/app-create.js';

export default class JwtAppCreate extends JwtCommand<AppCreateResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': Flags.requiredOrg(),
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
    };
    // Without a terminal a spinner cannot redraw (its statuses would run together in a CI log): one line each instead.
    const redraws = process.stderr.isTTY === true;
    let action = '';
    const progress = {
      start: (text: string) => {
        action = text;
        if (redraws) this.spinner.start(text);
        else if (!this.jsonEnabled()) this.logToStderr(`${text}...`);
      },
      status: (text: string) => {
        if (redraws) this.spinner.status = text;
        // A status can carry server text (the token endpoint's error_description): quoted if it breaks lines.
        else if (!this.jsonEnabled()) this.logToStderr(`${action}... ${serverText(text)}`);
      },
      stop: (text: string) => {
        if (redraws) this.spinner.stop(text);
        else if (!this.jsonEnabled()) this.logToStderr(`${action}... ${text}`);
      },
    };
    const result = await this.guard(() => createAppInOrg(flags['target-org'], input, this.services(), progress));
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
