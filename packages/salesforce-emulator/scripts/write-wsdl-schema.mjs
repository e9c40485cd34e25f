// Build step: parses the pinned @salesforce/types' metadata.d.ts (Salesforce's WSDL-generated types) into
// dist/metadata/wsdl-schema.json, the element schema the emulator's deploys check against. Build output only: never
// committed; run from source, the emulator parses the same file itself.
import { writeFileSync } from 'node:fs';
import { parseWsdlSchema, readMetadataDts, WSDL_SCHEMA_FILE } from '../dist/metadata/wsdl-schema.js';

const { text, source } = readMetadataDts();
const schema = parseWsdlSchema(text, source);
const target = new URL(`../dist/metadata/${WSDL_SCHEMA_FILE}`, import.meta.url);
writeFileSync(target, JSON.stringify(schema) + '\n');
console.log(`wrote ${Object.keys(schema.types).length} WSDL types from ${source}`);
