/** Where renderers write: the command itself (SfCommand's output methods), so --json silences them as usual. */
import type { SfCommand } from '@salesforce/sf-plugins-core';

export type Output = Pick<SfCommand<unknown>, 'log' | 'logToStderr' | 'logSuccess' | 'warn' | 'styledHeader' | 'table'>;
