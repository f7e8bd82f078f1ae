// Rerun after every `npm install` that changes package-lock.json, then commit the result.
// This machine's npm registry lacks most optional platform packages (@cbor-extract/*, @rollup/rollup-*,
// ...). `npm install` skips them silently and writes a lockfile without them, which `npm ci` then
// refuses as out of sync. We add a placeholder entry `{version, optional: true}` for each missing
// optional dependency: `npm ci` skips the unreachable ones and installs the rest normally.
// Usage: node .ci/fix-lock.mjs [path/to/package-lock.json]
import fs from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [path, meta] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = (path ? path + '/' : '') + 'node_modules/' + name;
    const hoisted = 'node_modules/' + name;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    lock.packages[hoisted] = { version: String(range).replace(/^[\^~=]/, ''), optional: true };
    added++;
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`${file}: added ${added} placeholder entries`);
