/**
 * `sf jwt login`'s hand-off flags: where the next CI step finds the session (GitHub step outputs, the job's
 * environment, a dotenv file), whether the access token goes with it, and a plain PEM key file left for sf's refresh.
 */
import { Messages } from '@salesforce/core/messages';
import { Flags } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'handoff-flags');

export const handOffFlags = {
  'github-output': Flags.boolean({
    summary: messages.getMessage('flags.github-output.summary'),
    description: messages.getMessage('flags.github-output.description'),
  }),
  'github-env': Flags.boolean({
    summary: messages.getMessage('flags.github-env.summary'),
    description: messages.getMessage('flags.github-env.description'),
  }),
  'dotenv-file': Flags.string({
    summary: messages.getMessage('flags.dotenv-file.summary'),
    description: messages.getMessage('flags.dotenv-file.description'),
  }),
  'with-access-token': Flags.boolean({
    summary: messages.getMessage('flags.with-access-token.summary'),
    description: messages.getMessage('flags.with-access-token.description'),
  }),
  'write-key-file': Flags.string({
    summary: messages.getMessage('flags.write-key-file.summary'),
    description: messages.getMessage('flags.write-key-file.description'),
  }),
  force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
};

/** The parsed values of {@link handOffFlags}, as the login takes them. */
export function handOffInputOf(flags: {
  'github-output': boolean;
  'github-env': boolean;
  'dotenv-file'?: string | undefined;
  'with-access-token': boolean;
  'write-key-file'?: string | undefined;
  force: boolean;
}): {
  handOff: { githubOutput: boolean; githubEnv: boolean; dotenvFile: string | undefined; force: boolean };
  withAccessToken: boolean;
  writeKeyFile: string | undefined;
} {
  return {
    handOff: {
      githubOutput: flags['github-output'],
      githubEnv: flags['github-env'],
      dotenvFile: flags['dotenv-file'],
      force: flags.force,
    },
    withAccessToken: flags['with-access-token'],
    writeKeyFile: flags['write-key-file'],
  };
}
