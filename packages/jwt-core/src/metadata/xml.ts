/**
 * A tiny XML writer for Metadata API source files: the declaration, an optional comment, one root element in the
 * Metadata API namespace, children indented by four spaces (the layout `sf project retrieve start` writes).
 * Private to jwt-core; every text goes through {@link escapeXml}.
 */

/** The namespace of every Metadata API file (source format and package.xml alike). */
export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** An element: a text (or boolean) value, or nested elements. */
export interface XmlElement {
  readonly name: string;
  readonly value: string | boolean | readonly XmlElement[];
}

/** `<name>value</name>`; booleans become `true`/`false`. */
export const el = (name: string, value: XmlElement['value']): XmlElement => ({ name, value });

/**
 * Escapes the five XML special characters. `&`, `<` and `>` must be escaped in text; quotes are escaped too so a
 * value survives any later move into an attribute.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Options of {@link xmlDocument}. */
export interface XmlDocumentOptions {
  /** A comment placed between the declaration and the root element. Must not contain `--`. */
  readonly comment?: string | undefined;
}

/** A whole file: declaration, optional comment, root element with the metadata namespace, trailing newline. */
export function xmlDocument(root: string, children: readonly XmlElement[], options: XmlDocumentOptions = {}): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (options.comment !== undefined) {
    // XML forbids "--" inside a comment (XML 1.0 §2.5); the comments are ours, so this is a programming error.
    if (options.comment.includes('--')) throw new TypeError('An XML comment must not contain "--".');
    lines.push(`<!-- ${options.comment} -->`);
  }
  lines.push(`<${root} xmlns="${METADATA_NAMESPACE}">`);
  for (const child of children) render(child, 1, lines);
  lines.push(`</${root}>`);
  return lines.join('\n') + '\n';
}

function render(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '    '.repeat(depth);
  const { name, value } = element;
  if (typeof value === 'boolean' || typeof value === 'string') {
    lines.push(`${indent}<${name}>${typeof value === 'boolean' ? String(value) : escapeXml(value)}</${name}>`);
    return;
  }
  lines.push(`${indent}<${name}>`);
  for (const child of value) render(child, depth + 1, lines);
  lines.push(`${indent}</${name}>`);
}
