/** `webauthn-verify metadata --aaguid`: root subjects use the short names src/x509/names.ts knows (ST, L, …). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { main, type CliIO } from '../../../src/cli/main.js';
import { fixturePath } from '../../helpers/fixtures.js';

const BLOB = fixturePath('mds', 'mds3-blob-no20-2022-10.jwt');

it('prints ST (2.5.4.8) by its short name: the Cryptnox root (C, ST, O, CN)', async () => {
  let stdout = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, readInput: async (p) => readFileSync(p, 'utf8') };
  const code = await main(['metadata', BLOB, '--now', '2022-10-20', '--aaguid', '9c835346-796b-4c27-8898-d6032f515cc5'], io, '9.9.9');
  expect(code).toBe(0);
  expect(stdout).toContain('C=CH, ST=GENEVA, O=CRYPTNOX SA, CN=CRYPTNOX ROOT CA');
  expect(stdout).not.toContain('2.5.4.8=');
});
