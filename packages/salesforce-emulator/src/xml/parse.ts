// A small, bounded XML reader for what the emulator receives: SOAP envelopes and Metadata API component files.
// Elements, attributes, text, CDATA, comments, processing instructions and the five predefined + numeric entities.
// DOCTYPE is refused (no entity expansion, so no billion-laughs); depth and element count are capped. Every element
// keeps its line and column, because Salesforce's deploy errors name them.

export interface XmlElement {
  /** Qualified name as written, e.g. `soapenv:Body`. */
  name: string;
  /** Name without its prefix, e.g. `Body`. */
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element. */
  text: string;
  line: number;
  column: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface XmlLimits {
  maxDepth?: number;
  maxElements?: number;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Cursor {
  pos = 0;
  constructor(readonly src: string) {}

  // Line bookkeeping resumes from the last lookup: offsets mostly grow, so the whole parse stays linear.
  private scanned = 0;
  private line = 1;
  private lineStart = 0;

  /** 1-based line and column of an offset. */
  where(offset = this.pos): { line: number; column: number } {
    if (offset < this.scanned) {
      this.scanned = 0;
      this.line = 1;
      this.lineStart = 0;
    }
    for (let i = this.scanned; i < offset; i++) {
      if (this.src.charCodeAt(i) === 10) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.scanned = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  fail(message: string, offset = this.pos): never {
    const { line, column } = this.where(offset);
    throw new XmlSyntaxError(message, line, column);
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  skipUntil(end: string, what: string): string {
    const at = this.src.indexOf(end, this.pos);
    if (at < 0) this.fail(`unterminated ${what}`);
    const body = this.src.slice(this.pos, at);
    this.pos = at + end.length;
    return body;
  }

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (m === null) this.fail('expected a name');
    this.pos = NAME.lastIndex;
    return m[0];
  }
}

function decodeEntities(cur: Cursor, raw: string, offset: number): string {
  if (!raw.includes('&')) return raw;
  const bare = /&(?![^;&\s]{1,10};)/.exec(raw);
  if (bare !== null) cur.fail('unescaped "&"', offset + bare.index);
  return raw.replace(/&([^;&\s]{1,10});/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return codePoint(cur, parseInt(ref.slice(2), 16), offset);
    if (ref.startsWith('#')) return codePoint(cur, parseInt(ref.slice(1), 10), offset);
    const value = ENTITIES[ref];
    return value ?? cur.fail(`unknown entity ${whole}`, offset);
  });
}

function codePoint(cur: Cursor, n: number, offset: number): string {
  if (!Number.isInteger(n) || n <= 0 || n > 0x10ffff) cur.fail('invalid character reference', offset);
  return String.fromCodePoint(n);
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Parses one XML document and returns its root element.
 * @throws XmlSyntaxError with the line and column of the problem
 */
export function parseXml(src: string, limits: XmlLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? 64;
  const maxElements = limits.maxElements ?? 20_000;
  const cur = new Cursor(src.startsWith('\ufeff') ? src.slice(1) : src);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  while (cur.pos < cur.src.length) {
    const textStart = cur.pos;
    const lt = cur.src.indexOf('<', cur.pos);
    const end = lt < 0 ? cur.src.length : lt;
    const raw = cur.src.slice(textStart, end);
    cur.pos = end;
    const top = stack.at(-1);
    if (raw.length > 0) {
      if (top === undefined) {
        if (raw.trim() !== '') cur.fail('text outside the root element', textStart);
      } else {
        top.text += decodeEntities(cur, raw, textStart);
      }
    }
    if (lt < 0) break;
    if (cur.startsWith('<?')) {
      cur.skipUntil('?>', 'processing instruction');
    } else if (cur.startsWith('<!--')) {
      cur.skipUntil('-->', 'comment');
    } else if (cur.startsWith('<![CDATA[')) {
      if (top === undefined) return cur.fail('CDATA outside the root element');
      cur.pos += 9;
      top.text += cur.skipUntil(']]>', 'CDATA section');
    } else if (cur.startsWith('<!')) {
      cur.fail('DOCTYPE and other declarations are not accepted');
    } else if (cur.startsWith('</')) {
      const at = cur.pos;
      cur.pos += 2;
      const name = cur.name();
      cur.skipSpace();
      if (!cur.startsWith('>')) cur.fail('expected ">"');
      cur.pos++;
      const open = stack.pop();
      if (open?.name !== name) cur.fail(`end tag </${name}> does not match <${open?.name ?? '(none)'}>`, at);
    } else {
      const at = cur.pos;
      cur.pos++;
      const name = cur.name();
      const attributes: Record<string, string> = {};
      for (;;) {
        cur.skipSpace();
        if (cur.startsWith('/>') || cur.startsWith('>')) break;
        const attrAt = cur.pos;
        const attr = cur.name();
        cur.skipSpace();
        if (!cur.startsWith('=')) cur.fail('expected "=" after an attribute name');
        cur.pos++;
        cur.skipSpace();
        const quote = cur.src[cur.pos];
        if (quote !== '"' && quote !== "'") return cur.fail('expected a quoted attribute value');
        cur.pos++;
        const valueAt = cur.pos;
        const value = cur.skipUntil(quote, 'attribute value');
        if (value.includes('<')) cur.fail('"<" in an attribute value', valueAt);
        if (attr in attributes) cur.fail(`duplicate attribute ${attr}`, attrAt);
        attributes[attr] = decodeEntities(cur, value, valueAt);
      }
      if (++count > maxElements) cur.fail(`more than ${maxElements} elements`);
      if (stack.length >= maxDepth) cur.fail(`nested deeper than ${maxDepth} elements`);
      const { line, column } = cur.where(at);
      const element: XmlElement = { name, local: localName(name), attributes, children: [], text: '', line, column };
      if (top === undefined) {
        if (root !== undefined) cur.fail('more than one root element', at);
        root = element;
      } else {
        top.children.push(element);
      }
      if (cur.startsWith('/>')) {
        cur.pos += 2;
      } else {
        cur.pos++;
        stack.push(element);
      }
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) cur.fail(`element <${unclosed.name}> is not closed`);
  if (root === undefined) return cur.fail('no root element');
  return root;
}

/** The first child with this local name. */
export function child(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((c) => c.local === local);
}

/** Text of the first child with this local name, trimmed; undefined when absent. */
export function childText(element: XmlElement, local: string): string | undefined {
  const found = child(element, local);
  return found === undefined ? undefined : found.text.trim();
}

/** Escapes text for element content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
