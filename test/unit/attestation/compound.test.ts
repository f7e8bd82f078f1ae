import { describe, expect, it } from 'vitest';
import { createCompoundVerifier, MAX_COMPOUND_STATEMENTS } from '../../../src/attestation/compound.js';
import { verifyApple } from '../../../src/attestation/apple.js';
import type {
  AttestationContext,
  AttestationResult,
  AttestationType,
  AttestationVerifier,
  SubStatementPolicy,
} from '../../../src/attestation/types.js';
import type { ParsedCertificate } from '../../../src/x509/certificate.js';
import type { CborMap } from '../../../src/cbor/decode.js';
import { WebAuthnError } from '../../../src/errors.js';
import { registrationCases, vectorAttestation } from '../../helpers/attestation-vectors.js';

/** A context whose RP policy allows every listed fmt; anchorsFor resolves nothing. */
const policyFor = (formats: string[], anchorsFor: SubStatementPolicy['anchorsFor'] = async () => undefined) =>
  ({ subStatements: { formats, anchorsFor } }) as unknown as AttestationContext;
const ctx = policyFor(['basic', 'self', 'attca', 'none', 'bad', 'packed', 'toString']);
const entry = (fmt: unknown, attStmt: unknown = new Map()) => new Map<string, unknown>([['fmt', fmt], ['attStmt', attStmt]]);
const stub =
  (type: AttestationType, trusted: boolean, calls?: string[]): AttestationVerifier =>
  async (stmt) => {
    calls?.push(type);
    const r: AttestationResult = { fmt: type, type, trustPath: [new Uint8Array([stmt.size])], trusted };
    return r;
  };
const failing: AttestationVerifier = async () => {
  throw new WebAuthnError('ERR_ATTESTATION_SIGNATURE_INVALID', 'stub failure', {});
};
const table = {
  basic: stub('basic', true),
  self: stub('self', false),
  attca: stub('attca', true),
  none: stub('none', false),
  bad: failing,
};
const verify = createCompoundVerifier(table);
const run = (list: unknown[]) => verify(list as unknown as CborMap, ctx);

describe('compound (§8.9)', () => {
  it('verifies every sub-statement and lists them in order', async () => {
    const r = await run([entry('basic'), entry('attca')]);
    expect(r.fmt).toBe('compound');
    expect(r.statements?.map((s) => s.type)).toEqual(['basic', 'attca']);
    expect(r.trusted).toBe(true);
  });

  it('reports the weakest sub-statement at the top level, and trusted only if all are', async () => {
    const r = await run([entry('basic'), entry('self', new Map([['a', 1]])), entry('attca')]);
    expect(r.type).toBe('self');
    expect([...r.trustPath[0]!]).toEqual([1]); // the self statement's trust path
    expect(r.trusted).toBe(false);
    expect((await run([entry('attca'), entry('none')])).type).toBe('none');
  });

  it('fails when any sub-statement fails', async () => {
    await expect(run([entry('basic'), entry('bad')])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SIGNATURE_INVALID' });
  });

  it('rejects fewer than 2 or more than the maximum statements, and non-arrays', async () => {
    await expect(run([])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(run([entry('basic')])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(run(new Array(MAX_COMPOUND_STATEMENTS + 1).fill(0).map(() => entry('basic')))).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_COMPOUND_INVALID',
    });
    await expect(verify(new Map() as CborMap, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    expect((await run(new Array(MAX_COMPOUND_STATEMENTS).fill(0).map(() => entry('basic')))).statements?.length).toBe(
      MAX_COMPOUND_STATEMENTS,
    );
  });

  it('rejects nested compound, malformed entries and unknown formats (before running any verifier)', async () => {
    const calls: string[] = [];
    const v = createCompoundVerifier({ basic: stub('basic', true, calls) });
    const r = (list: unknown[]) => v(list as unknown as CborMap, ctx);
    await expect(r([entry('basic'), entry('compound', [])])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(r([entry('basic'), 'x'])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(r([entry('basic'), entry(5)])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(r([entry('basic'), entry('')])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(r([entry('basic'), entry('basic', [1])])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    const extra = entry('basic');
    extra.set('x', 1);
    await expect(r([entry('basic'), extra])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_COMPOUND_INVALID' });
    await expect(r([entry('basic'), entry('packed')])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_FORMAT_UNSUPPORTED' });
    // Inherited names are not formats.
    await expect(r([entry('basic'), entry('toString')])).rejects.toMatchObject({ code: 'ERR_ATTESTATION_FORMAT_UNSUPPORTED' });
    expect(calls).toEqual([]);
  });

  it('refuses a sub-statement fmt the RP does not allow, and every fmt when the context has no policy (§7.1 step 21)', async () => {
    const calls: string[] = [];
    const v = createCompoundVerifier({ basic: stub('basic', true, calls), none: stub('none', false, calls) });
    const only = policyFor(['basic']);
    await expect(v([entry('basic'), entry('none')] as unknown as CborMap, only)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED',
      details: { received: 'none', index: 1, within: 'compound' },
    });
    const bare = {} as AttestationContext;
    await expect(v([entry('basic'), entry('basic')] as unknown as CborMap, bare)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED',
    });
    expect(calls).toEqual([]);
    await expect(v([entry('basic'), entry('basic')] as unknown as CborMap, only)).resolves.toMatchObject({ type: 'basic' });
  });

  it("gives each sub-statement the anchors of its own fmt, resolved once per fmt (§7.1 step 23)", async () => {
    const anchorsOf = (fmt: string) => [{ fmt } as unknown as ParsedCertificate];
    const asked: string[] = [];
    const seen: string[] = [];
    const spy: AttestationVerifier = async (_s, c) => {
      seen.push((c.trustAnchors?.[0] as unknown as { fmt: string }).fmt);
      expect(c.subStatements).toBeUndefined();
      return { fmt: 'x', type: 'basic', trustPath: [], trusted: true };
    };
    const v = createCompoundVerifier({ a: spy, b: spy });
    const c = policyFor(['a', 'b'], async (fmt) => (asked.push(fmt), anchorsOf(fmt)));
    const withTop = { ...c, trustAnchors: anchorsOf('compound') } as AttestationContext;
    await v([entry('a'), entry('b'), entry('a')] as unknown as CborMap, withTop);
    expect(seen).toEqual(['a', 'b', 'a']);
    expect(asked).toEqual(['a', 'b']);
  });

  it('snapshots the table: later changes to the caller object do not affect it', async () => {
    const t: Record<string, AttestationVerifier> = { basic: stub('basic', true) };
    const v = createCompoundVerifier(t);
    t['basic'] = failing;
    await expect(v([entry('basic'), entry('basic')] as unknown as CborMap, ctx)).resolves.toMatchObject({ type: 'basic' });
  });
});

describe('compound with real statements', () => {
  it('two real apple statements for the same credential verify with the same ctx', async () => {
    const c = registrationCases('apple').find((x) => x.id === 'w3c-apple-es256-reg')!;
    const { attStmt, ctx: realCtx } = vectorAttestation(c);
    const v = createCompoundVerifier({ apple: verifyApple });
    const subStatements: SubStatementPolicy = { formats: ['apple'], anchorsFor: async () => realCtx.trustAnchors };
    const r = await v([entry('apple', attStmt), entry('apple', attStmt)] as unknown as CborMap, { ...realCtx, subStatements });
    expect(r).toMatchObject({ fmt: 'compound', type: 'anonca', trusted: true });
    expect(r.statements?.length).toBe(2);
  });
});
