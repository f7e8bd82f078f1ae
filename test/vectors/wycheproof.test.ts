/**
 * Project Wycheproof (C2SP, fixtures/wycheproof, read in place) through the public
 * verification path: every group key becomes COSE_Key bytes → decodeCOSEKey, every test goes
 * through verifySignature on every backend: webcrypto, noble (pure JS) and node (node:crypto, the
 * default on Node). RSA files run on webcrypto and node only: the pure-JS RSA was removed (issue 12;
 * every supported runtime's WebCrypto and node:crypto verify RSA), so 'noble' has no RSA verdict.
 *
 * Verdict rule: `valid` → true, `invalid` → false, `acceptable` → false (we are the strict verifier;
 * the only acceptable signature cases are RSA PKCS#1 DigestInfo without NULL, rejected).
 * P1363 files: WebAuthn ECDSA signatures are DER, so a well-sized r‖s (2 × field bytes) is re-encoded
 * with p1363ToDer before verification; any other length is passed through unchanged (it is not DER,
 * so it must fail). Keys below our 2048-bit RSA floor are counted as "rejected at key import".
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCOSEKey } from '../../src/cose/key.js';
import type { COSEPublicKey } from '../../src/cose/types.js';
import { isWebAuthnError } from '../../src/errors.js';
import { p1363ToDer } from '../../src/signature/der.js';
import { verifySignature, type SignatureBackend } from '../../src/signature/verify.js';
import { readFixtureJson, fixturePath } from '../helpers/fixtures.js';

// ---- minimal canonical CBOR for COSE keys (int keys, ints, byte strings, bool) ----
type V = number | boolean | Uint8Array;
const head = (major: number, n: number): number[] =>
  n < 24 ? [(major << 5) | n] : n < 0x100 ? [(major << 5) | 24, n] : [(major << 5) | 25, n >> 8, n & 0xff];
const encV = (v: V): number[] =>
  typeof v === 'boolean' ? [v ? 0xf5 : 0xf4] : typeof v === 'number' ? (v >= 0 ? head(0, v) : head(1, -1 - v)) : [...head(2, v.length), ...v];
function coseBytes(entries: [number, V][]): Uint8Array {
  const enc = entries.map(([k, v]) => [encV(k), encV(v)] as const);
  enc.sort(([a], [b]) => a.length - b.length || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return new Uint8Array([...head(5, enc.length), ...enc.flatMap(([k, v]) => [...k, ...v])]);
}

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
/** Big-endian integer from Wycheproof (may carry a sign byte) → exactly `size` bytes. */
function fixed(h: string, size: number): Uint8Array {
  const b = hex(h);
  let i = 0;
  while (b.length - i > size && b[i] === 0) i++;
  const out = new Uint8Array(size);
  out.set(b.subarray(i), size - (b.length - i));
  return out;
}
const minimal = (h: string) => { const b = hex(h); let i = 0; while (i < b.length - 1 && b[i] === 0) i++; return b.subarray(i); };

const EC = { secp256r1: { crv: 1, size: 32, alg: -7 }, secp384r1: { crv: 2, size: 48, alg: -35 }, secp521r1: { crv: 3, size: 66, alg: -36 } } as const;
const RS = { 'SHA-256': -257, 'SHA-384': -258, 'SHA-512': -259 } as const;
const PS = { 'SHA-256': -37, 'SHA-384': -38, 'SHA-512': -39 } as const;

interface Group { type: string; publicKey: any; sha?: string; mgfSha?: string; sLen?: number; tests: { tcId: number; msg: string; sig: string; result: string; flags: string[] }[] }
interface Row { file: string; backend: string; cases: number; agree: number; keyRejected: number; valid: number; invalid: number; acceptable: number }

function groupKey(file: string, g: Group): { bytes: Uint8Array; curveBytes?: number } {
  if (g.type.startsWith('Ecdsa')) {
    const c = EC[g.publicKey.curve as keyof typeof EC];
    return { curveBytes: c.size, bytes: coseBytes([[1, 2], [3, c.alg], [-1, c.crv], [-2, fixed(g.publicKey.wx, c.size)], [-3, fixed(g.publicKey.wy, c.size)]]) };
  }
  if (g.type === 'EddsaVerify') return { bytes: coseBytes([[1, 1], [3, -8], [-1, 6], [-2, hex(g.publicKey.pk)]]) };
  if (g.type === 'RsassaPkcs1Verify' || g.type === 'RsassaPssVerify') {
    const table = g.type === 'RsassaPssVerify' ? PS : RS;
    if (g.type === 'RsassaPssVerify') {
      // COSE PS256/384/512 fix MGF1 hash = message hash and sLen = hash length (RFC 8230 §2).
      expect(g.mgfSha).toBe(g.sha);
      expect(g.sLen).toBe({ 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[g.sha!]);
    }
    const alg = table[g.sha as keyof typeof table];
    expect(alg, `${file}: sha ${g.sha}`).toBeDefined();
    return { bytes: coseBytes([[1, 3], [3, alg], [-1, minimal(g.publicKey.modulus)], [-2, minimal(g.publicKey.publicExponent)]]) };
  }
  throw new Error(`${file}: unexpected group type ${g.type}`);
}

const rows: Row[] = [];
const files = readdirSync(fixturePath('wycheproof')).filter((f) => f.endsWith('_test.json') && !f.startsWith('ecdh_')).sort();

describe('Wycheproof signature files', () => {
  it('has all 17 signature files', () => expect(files.length).toBe(17));

  for (const file of files) {
    const doc = readFixtureJson<{ numberOfTests: number; testGroups: Group[] }>('wycheproof', file);
    const isP1363 = file.includes('_p1363_');
    const backends: SignatureBackend[] = file.startsWith('rsa_') ? ['webcrypto', 'node'] : ['webcrypto', 'noble', 'node'];
    for (const backend of backends) {
      it(`${file} (${backend}): our verdict equals Wycheproof's on every case`, async () => {
        const row: Row = { file, backend, cases: 0, agree: 0, keyRejected: 0, valid: 0, invalid: 0, acceptable: 0 };
        const disagreements: string[] = [];
        for (const g of doc.testGroups) {
          const { bytes, curveBytes } = groupKey(file, g);
          let key: COSEPublicKey | undefined;
          try {
            key = decodeCOSEKey(bytes);
          } catch (e) {
            // Only our documented RSA floor may reject a Wycheproof key.
            expect(isWebAuthnError(e) && e.code, `${file}: key rejected`).toBe('ERR_COSE_RSA_KEY_TOO_SMALL');
          }
          for (const t of g.tests) {
            row.cases++;
            row[t.result as 'valid' | 'invalid' | 'acceptable']++;
            const expected = t.result === 'valid'; // invalid and acceptable: reject
            if (key === undefined) {
              row.keyRejected++;
              expect(t.result, `${file} #${t.tcId}: a valid case under a rejected key`).not.toBe('valid');
              row.agree++;
              continue;
            }
            let sig = hex(t.sig);
            if (isP1363 && sig.length === 2 * curveBytes!) sig = new Uint8Array(p1363ToDer(sig));
            let got: boolean | string;
            try {
              got = await verifySignature({ key, signature: sig, data: hex(t.msg), backend });
            } catch (e) {
              got = `threw ${(e as { code?: string }).code ?? (e as Error).message}`;
            }
            if (got === expected) row.agree++;
            else disagreements.push(`#${t.tcId} ${t.result} [${t.flags.join(',')}] → ${got}`);
          }
        }
        rows.push(row);
        expect(row.cases).toBe(doc.numberOfTests);
        expect(disagreements).toEqual([]);
        expect(row.agree).toBe(row.cases);
      });
    }
  }

  it('ecdh_secp256r1_ecpoint_test.json: no invalid public point is accepted by COSE key import, every valid one is', () => {
    const doc = readFixtureJson<{ testGroups: { tests: { tcId: number; public: string; result: string; flags: string[] }[] }[] }>('wycheproof', 'ecdh_secp256r1_ecpoint_test.json');
    const tally = { cases: 0, validAccepted: 0, invalidRejected: 0, compressedRejected: 0 };
    for (const t of doc.testGroups[0]!.tests) {
      tally.cases++;
      const p = hex(t.public);
      let entries: [number, V][];
      // COSE EC2 carries x and y; a compressed SEC1 point maps to y = sign bit (a boolean), which we refuse.
      if (p.length === 65 && p[0] === 4) entries = [[-2, p.subarray(1, 33)], [-3, p.subarray(33)]];
      else if (p.length === 33 && (p[0] === 2 || p[0] === 3)) entries = [[-2, p.subarray(1)], [-3, p[0] === 3]];
      else entries = [[-2, p], [-3, new Uint8Array(0)]];
      let accepted = true;
      let code: string | undefined;
      try { decodeCOSEKey(coseBytes([[1, 2], [3, -7], [-1, 1], ...entries])); } catch (e) {
        expect(isWebAuthnError(e), `#${t.tcId} threw a non-WebAuthnError`).toBe(true);
        accepted = false; code = (e as { code: string }).code;
      }
      if (t.result === 'valid') { expect(accepted, `#${t.tcId} valid point rejected (${code})`).toBe(true); tally.validAccepted++; }
      else if (t.flags.includes('CompressedPoint')) { expect(accepted).toBe(false); tally.compressedRejected++; }
      else { expect(accepted, `#${t.tcId} invalid point accepted`).toBe(false); tally.invalidRejected++; }
    }
    expect(tally).toEqual({ cases: 355, validAccepted: 330, invalidRejected: 17, compressedRejected: 8 });
    rows.push({ file: 'ecdh_secp256r1_ecpoint_test.json (key import)', backend: 'cose', cases: 355, agree: 355, keyRejected: 25, valid: 330, invalid: 24, acceptable: 1 });
  });

  afterAll(() => {
    if (rows.length === 0) return;
    const lines = ['| file | backend | cases | agree | v/i/a | rejected at key import |', '| --- | --- | ---: | ---: | --- | ---: |'];
    for (const r of rows) lines.push(`| ${r.file} | ${r.backend} | ${r.cases} | ${r.agree} | ${r.valid}/${r.invalid}/${r.acceptable} | ${r.keyRejected} |`);
    console.log(`Wycheproof summary\n${lines.join('\n')}`);
  });
});
