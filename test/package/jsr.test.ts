// jsr.json must mirror package.json: the same public subpaths, each pointing at the TypeScript
// source that tsup builds into the dist file package.json names, and the same version.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../../tsup.config.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const jsr = JSON.parse(readFileSync(path.join(REPO_ROOT, 'jsr.json'), 'utf8'));
// tsup.config.ts is one build for the server entries and one for the browser entry: merge their entries.
const config = {
  entry: Object.assign({}, ...(Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig]).map((c) => (c as { entry: Record<string, string> }).entry)),
} as { entry: Record<string, string> };

const npmSubpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');

/** './dist/assertion.js' -> tsup entry name 'assertion' -> 'src/ceremony/assertion.ts'. */
function sourceOfNpmExport(subpath: string): string {
  const target = pkg.exports[subpath].import.default as string;
  const name = /^\.\/dist\/(.+)\.js$/.exec(target)?.[1];
  if (!name || !config.entry[name]) throw new Error(`${subpath}: ${target} is not a tsup entry`);
  return `./${config.entry[name]}`;
}

describe('jsr.json', () => {
  it('has the same version and a scoped name', () => {
    expect(jsr.version).toBe(pkg.version);
    expect(jsr.name).toMatch(/^@[a-z0-9-]+\/[a-z0-9-]+$/);
  });

  it('exports exactly the npm subpaths', () => {
    expect(Object.keys(jsr.exports).sort()).toEqual([...npmSubpaths].sort());
  });

  it.each(npmSubpaths)('%s points at the source tsup builds for npm', (subpath) => {
    expect(jsr.exports[subpath]).toBe(sourceOfNpmExport(subpath));
  });

  it.each(Object.entries(jsr.exports as Record<string, string>))('%s -> %s exists and is web-standard', (_subpath, file) => {
    const abs = path.join(REPO_ROOT, file);
    expect(existsSync(abs)).toBe(true);
    expect(readFileSync(abs, 'utf8')).not.toMatch(/from ['"]node:/);
  });

  it('does not publish the node-only CLI', () => {
    expect(jsr.publish.exclude).toContain('src/cli.ts');
    expect(Object.values(jsr.exports)).not.toContain('./src/cli.ts');
  });
});
