/**
 * sf's spinner with the output boundary's rule applied to its action, status and stop text: a status is often server
 * text (a deploy's state, a login's error_description), and ux.action writes it to the terminal as it is.
 */
import { Spinner } from '@salesforce/sf-plugins-core';
import { displayField, MAX_LINE_CHARS } from '../render/sanitize.js';

/** Spinner text is one line: line breaks become spaces, escapes and controls are removed. */
function clean(text: string): string;
function clean(text: string | undefined): string | undefined;
function clean(text: string | undefined): string | undefined {
  return text === undefined ? undefined : displayField(text, MAX_LINE_CHARS);
}

export class CleanSpinner extends Spinner {
  public override get status(): string | undefined {
    return super.status;
  }

  public override set status(status: string | undefined) {
    super.status = clean(status);
  }

  public override start(action: string, status?: string, opts?: Parameters<Spinner['start']>[2]): void {
    super.start(clean(action), clean(status), opts);
  }

  public override stop(msg?: string): void {
    super.stop(clean(msg));
  }
}
