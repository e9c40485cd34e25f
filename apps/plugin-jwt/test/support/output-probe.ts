/** A command that prints one payload through every output path JwtCommand has, then fails with it (the output-boundary test). */
import { SfError } from '@salesforce/core';
import { JwtCommand } from '../../src/base/jwt-command.js';
import { serverText } from '../../src/text/server-text.js';

export class Probe extends JwtCommand<void> {
  public static payload = '';

  public async run(): Promise<void> {
    const text = serverText(`before ${Probe.payload} after`);
    const plain = `before ${Probe.payload} after`;
    this.log(`log: ${text}`);
    this.log('log args: %s', plain);
    this.logToStderr('stderr args: %s', plain);
    this.logToStderr(`stderr: ${text}`);
    this.warn(`warn: ${text}`);
    this.warn({ name: 'Probe', message: `warn object: ${text}`, actions: [`action: ${text}`] });
    this.info(`info: ${text}`);
    this.logSuccess(`success: ${text}`);
    this.styledHeader(`header ${plain}`);
    this.table({ data: [{ step: plain, detail: text }], columns: ['step', 'detail'], title: `title ${plain}` });
    this.spinner.start(`spinner ${plain}`, `status ${plain}`);
    this.spinner.status = `status ${text}`;
    this.spinner.stop(`stop ${plain}`);
    await Promise.resolve();
    throw new SfError(`The org said: ${text}`, 'ERR_PROBE', [`Fix: ${text}`]);
  }
}
