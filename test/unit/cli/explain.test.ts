import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';

function io() {
  const out: string[] = [];
  return { out, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), readInput: async (p: string) => readFileSync(p, 'utf8') } };
}

const FILE = 'fixtures/webauthn/py-ml-dsa-44-auth.json';

describe('webauthn-verify verify --explain', () => {
  it('prints the audit trail, one escaped line per check with its step', async () => {
    const { out, io: cliIo } = io();
    const code = await main(['verify', '--explain', FILE], cliIo);
    const text = out.join('');
    expect(text).toContain('audit (step, outcome, check');
    expect(text).toMatch(/7\.2\.21 +pass +signature verifies/);
    expect(code).toBeLessThan(2);
  });

  it('--explain belongs to verify only', async () => {
    const { io: cliIo } = io();
    expect(await main(['inspect', '--explain', FILE], cliIo)).toBe(2);
  });
});
