/**
 * The Metadata API's SOAP answers as plain data. A small, strict reader for the XML Salesforce sends: elements,
 * attributes, text, CDATA, the five predefined entities and character references. A DOCTYPE (entity expansion), an
 * unknown entity, a stray `<`, unbalanced tags or nesting deeper than {@link MAX_DEPTH} make the answer invalid, so a
 * proxy's HTML page or a truncated body is never read as a status. Its input is already byte-capped by the caller.
 */

/** Deeper than any SOAP answer of the calls we make (a DeployResult is six levels). */
const MAX_DEPTH = 64;

/** An answer that is not well-formed XML. */
export class XmlInvalid extends Error {
  public constructor(reason: string) {
    super(reason);
    this.name = 'XmlInvalid';
  }
}

/** An element: its local name (prefix dropped), attributes by local name, child elements and its own text. */
export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlInvalid('a bare "&"');
    if (ref.startsWith('#')) {
      const point = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (point > 0x10ffff) throw new XmlInvalid(`the character reference ${whole}`);
      return String.fromCodePoint(point);
    }
    const named = ENTITIES[ref];
    if (named === undefined) throw new XmlInvalid(`the unknown entity ${whole}`);
    return named;
  });
}

const local = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

function attributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g))
    out[local(m[1] ?? '')] = decode(m[2] ?? m[3] ?? '');
  return out;
}

// Comment, processing instruction, CDATA, a tag, text, or anything else (an error). Sticky: every character is read.
const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|([\s\S])/gy;

/**
 * The document's root element.
 *
 * @throws {@link XmlInvalid} when the text is not one well-formed XML element.
 */
export function parseXml(text: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const [, cdata, closing, name, attrs, selfClosing, chars, stray] = m;
    const parent = stack.at(-1);
    if (stray !== undefined) throw new XmlInvalid(`unexpected "${stray === '<' ? '<' : 'markup'}"`);
    if (chars !== undefined || cdata !== undefined) {
      if (parent === undefined) {
        if ((chars ?? cdata ?? '').trim() !== '') throw new XmlInvalid('text outside the root element');
      } else parent.text += chars === undefined ? (cdata ?? '') : decode(chars);
      continue;
    }
    if (name === undefined) continue;
    if (closing === '/') {
      if (parent === undefined || parent.name !== local(name)) throw new XmlInvalid(`the unexpected </${name}>`);
      stack.pop();
      continue;
    }
    if (parent === undefined && root !== undefined) throw new XmlInvalid('a second root element');
    const node: XmlNode = { name: local(name), attributes: attributes(attrs ?? ''), children: [], text: '' };
    if (parent === undefined) root = node;
    else parent.children.push(node);
    if (selfClosing !== '/') {
      if (stack.length >= MAX_DEPTH) throw new XmlInvalid(`nesting deeper than ${MAX_DEPTH}`);
      stack.push(node);
    }
  }
  if (root === undefined) throw new XmlInvalid('no root element');
  if (stack.length > 0) throw new XmlInvalid(`<${stack.at(-1)?.name ?? ''}> is not closed`);
  return root;
}

/** The first child element named `name` (local name), if any. */
export function childNode(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/**
 * An element as plain data: its text when it has no child elements (`null` for `xsi:nil="true"`), else an object of
 * its children by name (a repeated name becomes an array), as jsforce presents SOAP answers.
 */
export function plainValue(node: XmlNode): unknown {
  if (node.attributes.nil === 'true') return null;
  if (node.children.length === 0) return node.text;
  const out: Record<string, unknown> = {};
  for (const c of node.children) {
    const value = plainValue(c);
    const seen = out[c.name];
    out[c.name] = seen === undefined ? value : Array.isArray(seen) ? [...(seen as unknown[]), value] : [seen, value];
  }
  return out;
}
