/**
 * Issue 16 item 7: Windows Hello TPM ECC keys (go-webauthn #222, "Mismatch between ECCParameters").
 * WebAuthn L3 §8.3 step 2: the key in pubArea's parameters and unique fields must be identical to
 * the credential public key. There is no Windows Hello ECC capture in fixtures/; the one TPM case
 * with an EC key is the W3C L3 test vector `w3c-tpm-es256-reg` (ES256, TPM_ECC_NIST_P256), so the
 * comparison is checked on it in both directions: pubArea edited (curve, x, y) against the
 * genuine credential key, and the credential key replaced (curve, x, y) against the genuine pubArea.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { registrationCases, vectorAttestation, withField } from '../helpers/attestation-vectors.js';
import { verifyTpm } from '../../src/attestation/tpm/tpm.js';
import { parseTpmtPublic } from '../../src/attestation/tpm/structures.js';
import type { CborMap } from '../../src/cbor/decode.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import type { COSEPublicKey } from '../../src/cose/types.js';
import { createTestCredential } from '../../src/testing/index.js';

const P256 = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;

function vector() {
  const c = registrationCases('tpm').find((x) => x.id === 'w3c-tpm-es256-reg');
  if (c === undefined) throw new Error('fixtures/webauthn/w3c-tpm-es256-reg.json is missing');
  return vectorAttestation(c);
}

/** Offsets of curveID, x and y in an ECC TPMT_PUBLIC (… curveID(2) kdf(2) x(2+n) y(2+n), nothing after). */
function eccOffsets(pubArea: Uint8Array) {
  const pub = parseTpmtPublic(pubArea);
  if (pub.type !== 'ECC') throw new Error('not an ECC pubArea');
  const y = pubArea.length - pub.unique.y.length;
  const x = y - 2 - pub.unique.x.length;
  return { curve: x - 6, x, y, yLength: pub.unique.y.length };
}

/** p − y: the other point with the same x (still on the curve, a different key). */
function negate(y: Uint8Array): Uint8Array {
  let v = P256 - BigInt('0x' + Buffer.from(y).toString('hex'));
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

describe('TPM ECC: pubArea ECCParameters/unique vs the credential key (§8.3 step 2), w3c-tpm-es256-reg', () => {
  it('the genuine vector verifies (curve P-256, x and y equal)', async () => {
    const { attStmt, ctx } = vector();
    const pubArea = attStmt.get('pubArea') as Uint8Array;
    const at = eccOffsets(pubArea);
    expect([...pubArea.subarray(at.curve, at.curve + 2)]).toEqual([0x00, 0x03]); // TPM_ECC_NIST_P256
    expect(ctx.credentialKey).toMatchObject({ kty: 'EC2', crv: 'P-256' });
    expect((await verifyTpm(attStmt, ctx)).type).toBe('attca');
  });

  describe('pubArea edited, credential key genuine', () => {
    const edited = (edit: (pubArea: Uint8Array, at: ReturnType<typeof eccOffsets>) => void) => {
      const { attStmt, ctx } = vector();
      const pubArea = (attStmt.get('pubArea') as Uint8Array).slice();
      edit(pubArea, eccOffsets(pubArea));
      return verifyTpm(withField(attStmt, 'pubArea', pubArea) as CborMap, ctx);
    };
    it('curveID P-384 instead of P-256', async () => {
      expect(await codeOf(edited((p, at) => (p[at.curve + 1] = 0x04)))).toBe('ERR_ATTESTATION_KEY_MISMATCH');
    });
    it('one bit of x', async () => {
      expect(await codeOf(edited((p, at) => (p[at.x + 5] ^= 0x01)))).toBe('ERR_ATTESTATION_KEY_MISMATCH');
    });
    it('y replaced by p − y (a valid point with the same x)', async () => {
      expect(await codeOf(edited((p, at) => p.set(negate(p.subarray(at.y, at.y + at.yLength)), at.y)))).toBe('ERR_ATTESTATION_KEY_MISMATCH');
    });
  });

  describe('credential key replaced, pubArea genuine', () => {
    const withKey = async (key: COSEPublicKey) => {
      const { attStmt, ctx } = vector();
      return verifyTpm(attStmt, { ...ctx, credentialKey: key });
    };
    it('a P-384 key', async () => {
      const other = decodeCOSEKey((await createTestCredential({ alg: -35 })).publicKey);
      expect(await codeOf(withKey(other))).toBe('ERR_ATTESTATION_KEY_MISMATCH');
    });
    it('another P-256 key (x and y differ)', async () => {
      const other = decodeCOSEKey((await createTestCredential({ alg: -7 })).publicKey);
      expect(await codeOf(withKey(other))).toBe('ERR_ATTESTATION_KEY_MISMATCH');
    });
    it('the same x with y = p − y', async () => {
      const { ctx } = vector();
      const key = ctx.credentialKey as Extract<COSEPublicKey, { kty: 'EC2' }>;
      expect(await codeOf(withKey({ ...key, y: negate(key.y) }))).toBe('ERR_ATTESTATION_KEY_MISMATCH');
    });
  });
});
