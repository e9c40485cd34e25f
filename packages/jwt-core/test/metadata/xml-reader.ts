// A strict little XML reader for the metadata files jwt-core writes (elements, text, the XML declaration, comments;
// attributes only on the root). Tests parse the output back with it instead of trusting string matches.

/** A parsed element: its name, attributes, child elements and text (entities decoded). */
export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  readonly text: string;
}

/** A parsed document: the root element and the comments before it. */
export interface XmlDoc {
  readonly root: XmlNode;
  readonly comments: readonly string[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) throw new Error(`unknown entity ${whole}`);
    return value;
  });
}

/** Parses `xml`; throws on anything malformed (unclosed or mismatched tags, a raw `<` or `&` in text, …). */
export function parseXml(xml: string): XmlDoc {
  let pos = 0;
  const comments: string[] = [];
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
  };
  const skipSpace = () => {
    while (pos < xml.length && /\s/.test(xml[pos]!)) pos++;
  };
  const prolog = () => {
    if (xml.startsWith('<?xml', pos)) {
      const end = xml.indexOf('?>', pos);
      if (end < 0) fail('unterminated declaration');
      pos = end + 2;
    }
    for (;;) {
      skipSpace();
      if (!xml.startsWith('<!--', pos)) return;
      const end = xml.indexOf('-->', pos + 4);
      if (end < 0) fail('unterminated comment');
      const body = xml.slice(pos + 4, end);
      if (body.includes('--')) fail('"--" inside a comment');
      comments.push(body.trim());
      pos = end + 3;
    }
  };
  const element = (): XmlNode => {
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<&]*")*)\s*(\/?)>/.exec(xml.slice(pos));
    if (open === null) return fail('expected a start tag');
    const [whole, name = '', rawAttributes = '', selfClosing] = open;
    const attributes: Record<string, string> = {};
    for (const m of rawAttributes.matchAll(/([A-Za-z_:][\w:.-]*)="([^"]*)"/g)) attributes[m[1]!] = decode(m[2]!);
    pos += whole.length;
    if (selfClosing === '/') return { name, attributes, children: [], text: '' };
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0) fail(`<${name}> is not closed`);
      const raw = xml.slice(pos, lt);
      if (/&(?!(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);)/.test(raw)) fail('a raw "&" in text');
      if (raw.includes('>') && raw.includes(']]>')) fail('"]]>" in text');
      text += decode(raw);
      pos = lt;
      if (xml.startsWith(`</${name}>`, pos)) {
        pos += name.length + 3;
        break;
      }
      if (xml.startsWith('</', pos)) fail(`mismatched end tag inside <${name}>`);
      children.push(element());
    }
    if (children.length > 0 && text.trim() !== '') fail(`<${name}> mixes text and elements`);
    return { name, attributes, children, text: children.length > 0 ? '' : text };
  };
  prolog();
  const root = element();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return { root, comments };
}

/** The text of the only child named `name`; throws when there is not exactly one. */
export function childText(node: XmlNode, name: string): string {
  const found = node.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${node.name}> has ${found.length} <${name}> children`);
  return found[0]!.text;
}

/** The children as [name, text] pairs, in document order (nested elements give their name and ''). */
export function childPairs(node: XmlNode): [string, string][] {
  return node.children.map((c) => [c.name, c.text]);
}
