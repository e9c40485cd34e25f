/**
 * Flags of the commands that talk to an org (`sf jwt token`, `login`, `doctor`, `preapprove`). Names, short
 * characters and meanings follow `sf org login jwt` (-i, -o, -r, -a, -s, -d), so its users can switch by changing
 * the command name only.
 */
import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';
import type { ExchangeInput } from '../services/exchange.js';
import { certFileFlag, jwtKeyFilesFlag } from './key-flags.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'org-flags');

/** `--client-id` / `-i`: the consumer key (`iss`). */
export const clientIdFlag = Flags.string({
  char: 'i',
  required: true,
  summary: messages.getMessage('flags.client-id.summary'),
});

/** `--username` / `-o`: the user (`sub`). */
export const usernameFlag = Flags.string({
  char: 'o',
  required: true,
  summary: messages.getMessage('flags.username.summary'),
});

/** `--instance-url` / `-r`: the login URL; validated by jwt-core's resolver, which names the fix. */
export const instanceUrlFlag = Flags.string({
  char: 'r',
  summary: messages.getMessage('flags.instance-url.summary'),
  description: messages.getMessage('flags.instance-url.description'),
});

/** `--audience`: an explicit `aud`; no fallbacks then. */
export const audienceFlag = Flags.string({ summary: messages.getMessage('flags.audience.summary') });

/** `--alias` / `-a`. */
export const aliasFlag = Flags.string({ char: 'a', summary: messages.getMessage('flags.alias.summary') });

/** `--set-default` / `-s`. */
export const setDefaultFlag = Flags.boolean({ char: 's', summary: messages.getMessage('flags.set-default.summary') });

/** `--set-default-dev-hub` / `-d`. */
export const setDefaultDevHubFlag = Flags.boolean({
  char: 'd',
  summary: messages.getMessage('flags.set-default-dev-hub.summary'),
});

/** `--timeout`: seconds for the network (the exchange as a whole, then login's org lookups); SFJWT_TIMEOUT otherwise. */
export const timeoutFlag = Flags.integer({
  min: 1,
  max: 3600,
  summary: messages.getMessage('flags.timeout.summary'),
  description: messages.getMessage('flags.timeout.description'),
});

/** The flags of every command that signs and exchanges an assertion (`token`, `login`, `doctor`). */
export const exchangeFlags = {
  'client-id': clientIdFlag,
  username: usernameFlag,
  'jwt-key-file': jwtKeyFilesFlag,
  'instance-url': instanceUrlFlag,
  audience: audienceFlag,
  'cert-file': certFileFlag,
  timeout: timeoutFlag,
};

/** The parsed values of {@link exchangeFlags}, as the exchange takes them. */
export function exchangeInputOf(flags: {
  'client-id': string;
  username: string;
  'jwt-key-file'?: string[] | undefined;
  'instance-url'?: string | undefined;
  audience?: string | undefined;
  'cert-file'?: string | undefined;
  timeout?: number | undefined;
}): ExchangeInput {
  return {
    clientId: flags['client-id'],
    username: flags.username,
    jwtKeyFiles: flags['jwt-key-file'] ?? [],
    instanceUrl: flags['instance-url'],
    audience: flags.audience,
    certFile: flags['cert-file'],
    timeoutSeconds: flags.timeout,
  };
}
