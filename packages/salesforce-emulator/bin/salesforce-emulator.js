#!/usr/bin/env node
// Runs the built CLI (dist/). Build first: `tsc -p tsconfig.build.json`.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
