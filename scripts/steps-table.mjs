#!/usr/bin/env node
// Renders the step table of src/ceremony/steps.ts into docs/ARCHITECTURE.md between its markers.
// `node scripts/steps-table.mjs --write` updates the doc; without --write it exits 1 when the doc
// is stale. test/unit/ceremony/steps-table.test.ts checks the same thing.
import { readFileSync, writeFileSync } from 'node:fs';
import { transform } from 'esbuild';

const root = new URL('../', import.meta.url);
const source = readFileSync(new URL('src/ceremony/steps.ts', root), 'utf8');
const { code } = await transform(source, { loader: 'ts', format: 'esm' });
const steps = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

export const BEGIN = '<!-- step-table:begin (generated from src/ceremony/steps.ts by scripts/steps-table.mjs) -->';
export const END = '<!-- step-table:end -->';
const docUrl = new URL('docs/ARCHITECTURE.md', root);
const doc = readFileSync(docUrl, 'utf8');
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) {
  console.error('docs/ARCHITECTURE.md: step-table markers not found');
  process.exit(1);
}
const next = `${doc.slice(0, start + BEGIN.length)}\n${steps.renderStepTable()}\n${doc.slice(end)}`;
if (process.argv.includes('--write')) {
  writeFileSync(docUrl, next);
} else if (next !== doc) {
  console.error('docs/ARCHITECTURE.md: the step table is stale; run node scripts/steps-table.mjs --write');
  process.exit(1);
}
