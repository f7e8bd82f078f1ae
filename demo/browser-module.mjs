// The page's one dependency: the library's browser entry (webauthn-verify/browser, built to
// dist/browser.js) served as static ES modules under /lib/, with the chunks it imports (the build
// splits shared code into dist/chunk-*.js) and their source maps. No bundler: the browser loads
// the same files a bundler would start from. Read once at start.
import { readFile } from 'node:fs/promises';

const JS = 'text/javascript; charset=utf-8';
// Static relative imports the build writes: `from './chunk-X.js'`, `import './x.js'`, `import('./x.js')`.
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["']\.\/([A-Za-z0-9_.-]+\.js)["']/g;

/** @returns {Promise<Record<string, { type: string, body: string }>>} URL path -> file, '/lib/browser.js' first */
export async function browserModuleFiles() {
  const entry = new URL(import.meta.resolve('webauthn-verify/browser'));
  const dir = new URL('./', entry);
  const files = {};
  const pending = [entry.pathname.split('/').pop()];
  while (pending.length > 0) {
    const name = pending.pop();
    if (`/lib/${name}` in files) continue;
    const body = await readFile(new URL(name, dir), 'utf8');
    files[`/lib/${name}`] = { type: JS, body };
    for (const m of body.matchAll(RELATIVE_IMPORT)) pending.push(m[1]);
    const map = await readFile(new URL(`${name}.map`, dir), 'utf8').catch(() => undefined);
    if (map !== undefined) files[`/lib/${name}.map`] = { type: 'application/json', body: map };
  }
  return files;
}
