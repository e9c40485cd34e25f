#!/usr/bin/env node
// Runs every benchmark in ./benchmarks (or those named on the command line) and prints one table of ratios.
// Usage: pnpm bench            (all)      node tooling/bench/run.mjs signing keygen   (some)
// First: on a too-old Node, stop with the reason before anything fails obscurely.
import '@sfjwt/test-support/check-node';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printTable } from './support/table.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'benchmarks');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.mjs')))
  .sort();

const rows = [];
for (const file of files) {
  const name = basename(file, '.mjs');
  process.stderr.write(`running ${name}…\n`);
  const mod = await import(pathToFileURL(join(dir, file)).href);
  for (const row of await mod.run()) rows.push({ bench: name, ...row });
}
printTable(rows);
