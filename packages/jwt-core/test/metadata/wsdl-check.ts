// The builders' output against Salesforce's own WSDL-generated types (the pinned @salesforce/types the emulator's
// build reads): shared by wsdl-types.test.ts and the metadata properties.
import { wsdlSchema, type WsdlField } from '@sfjwt/salesforce-emulator';
import type { XmlNode } from './xml-reader.js';

/** Every mismatch between `node`'s children and the WSDL type, as `Type.element: problem`. */
export function mismatches(type: string, node: XmlNode): string[] {
  const declared = wsdlSchema().types[type];
  if (declared === undefined) return [`${type}: not in the WSDL types`];
  const fields = new Map(declared.fields.map((f) => [f.name, f]));
  const found: string[] = [];
  for (const child of node.children) {
    const field = fields.get(child.name);
    if (field === undefined) found.push(`${type}.${child.name}: no such element`);
    else if (field.value === 'complex') found.push(...mismatches(field.type ?? '', child));
    else if (!fits(field, child.text)) found.push(`${type}.${child.name}: "${child.text}" is not a ${field.value}`);
  }
  for (const field of declared.fields)
    if (field.required && !node.children.some((c) => c.name === field.name))
      found.push(`${type}.${field.name}: required, missing`);
  return found;
}

function fits(field: WsdlField, text: string): boolean {
  switch (field.value) {
    case 'boolean':
      return text === 'true' || text === 'false';
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text);
    case 'enum':
      return (field.values ?? []).includes(text);
    default:
      return true;
  }
}
