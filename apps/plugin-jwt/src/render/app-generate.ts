/** Human output of `sf jwt app generate`: the files, the consumer key, where the credential is, what to run next. */
import { relative } from 'node:path';
import { Messages } from '@salesforce/core/messages';
import type { AppGenerateResult } from '../results/app-generate.js';
import type { Output } from './output.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.generate');

export function renderAppGenerate(out: Output, r: AppGenerateResult): void {
  const kind = r.type === 'connected-app' ? 'Connected App (legacy)' : 'External Client App';
  out.log(messages.getMessage('info.written', [kind, r.name, String(r.files.length), r.outputDir]));
  for (const file of r.files) out.log(`  ${relative(r.outputDir, file)}`);
  out.log('');
  out.log(messages.getMessage('info.consumerKey', [r.consumerKey, r.consumerKeyGenerated ? 'generated' : 'given']));
  for (const file of r.credentialFiles)
    out.log(
      messages.getMessage('info.credential', [
        relative(r.outputDir, file),
        relative(process.cwd(), r.outputDir) || '.',
      ]),
    );
  out.log('');
  out.log(messages.getMessage('info.next'));
  for (const command of r.nextCommands) out.log(`  ${command}`);
}
