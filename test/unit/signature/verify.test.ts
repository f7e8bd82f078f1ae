import { constants, generateKeyPairSync, sign, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { describe, expect, it, vi } from 'vitest';

// Records whether anything loads noble's NIST curves (the WebCrypto ES256 path must not).
const loaded = vi.hoisted(() => ({ nist: false }));
vi.mock('@noble/curves/nist.js', async (importOriginal) => {
  loaded.nist = true;
  return importOriginal();
});
import { decodeCOSEKey } from '../../../src/cose/key.js';
import type { COSEPublicKey } from '../../../src/cose/types.js';
import { sha1, sha256, sha384, sha512, digestSync } from '../../../src/crypto/hash-sync.js';
import { decodeBase64url } from '../../../src/encoding/base64url.js';
import { p1363ToDer } from '../../../src/signature/der.js';
import { importCOSEKey } from '../../../src/cose/import-key.js';
import { verifySignature, type SignatureBackend } from '../../../src/signature/verify.js';
import { loadWebAuthnVectors } from '../../helpers/fixtures.js';
import { ed448KeyPair } from '../../helpers/ed448.js';
import { createHash } from 'node:crypto';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const CRV = { 'P-256': 'P-256', 'P-384': 'P-384', 'P-521': 'P-521' } as const;

/** COSEPublicKey straight from a node JWK (the COSE decoding path has its own tests in cose-key.test.ts). */
function keyFromNode(pub: KeyObject, alg: number): COSEPublicKey {
  const jwk = pub.export({ format: 'jwk' }) as NodeJwk;
  if (jwk.kty === 'EC') return { kty: 'EC2', alg, crv: CRV[jwk.crv as 'P-256'], x: b64(jwk.x!), y: b64(jwk.y!) };
  if (jwk.kty === 'OKP') return { kty: 'OKP', alg, crv: jwk.crv as 'Ed25519', x: b64(jwk.x!) };
  return { kty: 'RSA', alg, n: b64(jwk.n!), e: b64(jwk.e!) };
}

interface Case { name: string; alg: number; key: COSEPublicKey; sign: (data: Uint8Array) => Uint8Array; noble: boolean }
const data = new TextEncoder().encode('authenticatorData || clientDataHash');

function ec(alg: number, namedCurve: string, hash: string): Case {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve });
  return { name: `ES ${namedCurve}`, alg, key: keyFromNode(publicKey, alg), noble: true, sign: (d) => new Uint8Array(sign(hash, d, privateKey)) };
}
function ed(alg: number, type: 'ed25519' | 'ed448'): Case {
  if (type === 'ed448') {
    // From noble: Bun's node:crypto cannot generate Ed448 keys (test/helpers/ed448.ts).
    const pair = ed448KeyPair();
    return { name: `${type} (${alg})`, alg, key: { kty: 'OKP', alg, crv: 'Ed448', x: pair.publicKey }, noble: true, sign: pair.sign };
  }
  const { publicKey, privateKey } = generateKeyPairSync(type as 'ed25519');
  return { name: `${type} (${alg})`, alg, key: keyFromNode(publicKey, alg), noble: true, sign: (d) => new Uint8Array(sign(null, d, privateKey)) };
}
function rsa(alg: number, hash: string, pss?: number): Case {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const k = pss === undefined ? privateKey : { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss };
  // noble: false. The pure-JS RSA is gone (issue 12): every supported runtime's WebCrypto and
  // node:crypto verify RSA, so RSA is compared across those two backends only.
  return { name: `RSA ${alg}`, alg, key: keyFromNode(publicKey, alg), noble: false, sign: (d) => new Uint8Array(sign(hash, d, k)) };
}
function mldsa(alg: number, dsa: typeof ml_dsa44): Case {
  const { publicKey, secretKey } = dsa.keygen();
  return { name: `ML-DSA ${alg}`, alg, key: { kty: 'AKP', alg, pub: publicKey }, noble: true, sign: (d) => dsa.sign(d, secretKey) };
}

const cases: Case[] = [
  ec(-7, 'P-256', 'sha256'), ec(-35, 'P-384', 'sha384'), ec(-36, 'P-521', 'sha512'),
  ed(-8, 'ed25519'), ed(-19, 'ed25519'), ed(-8, 'ed448'), ed(-53, 'ed448'),
  rsa(-257, 'sha256'), rsa(-258, 'sha384'), rsa(-259, 'sha512'), rsa(-65535, 'sha1'),
  rsa(-37, 'sha256', 32), rsa(-38, 'sha384', 48), rsa(-39, 'sha512', 64),
  mldsa(-48, ml_dsa44), mldsa(-49, ml_dsa65), mldsa(-50, ml_dsa87),
];

describe('lazy loading', () => {
  it('WebCrypto ES256/384/512 verification does not load @noble/curves/nist.js', async () => {
    for (const c of cases.slice(0, 3)) {
      expect(await verifySignature({ key: c.key, signature: c.sign(data), data, backend: 'webcrypto' })).toBe(true);
      expect(await verifySignature({ key: c.key, signature: c.sign(data), data })).toBe(true); // default backend
    }
    expect(loaded.nist).toBe(false);
    // ...and the noble backend does load it (so the probe above is not vacuous).
    expect(await verifySignature({ key: cases[0]!.key, signature: cases[0]!.sign(data), data, backend: 'noble' })).toBe(true);
    expect(loaded.nist).toBe(true);
  });
});

for (const backend of ['webcrypto', 'noble', 'node'] as SignatureBackend[]) {
  describe(`verifySignature round trips (${backend})`, () => {
    for (const c of cases) {
      if (backend === 'noble' && !c.noble) {
        it(`${c.name}: unavailable on noble`, async () => {
          await expect(verifySignature({ key: c.key, signature: c.sign(data), data, backend })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' });
        });
        continue;
      }
      it(`${c.name}: valid verifies, flipped bits and wrong lengths do not`, async () => {
        const sig = c.sign(data);
        expect(await verifySignature({ key: c.key, signature: sig, data, backend })).toBe(true);
        // explicit alg equal to the key's alg, and alg supplied for a key without one (certificate keys)
        expect(await verifySignature({ key: c.key, alg: c.alg, signature: sig, data, backend })).toBe(true);
        expect(await verifySignature({ key: { ...c.key, alg: undefined } as COSEPublicKey, alg: c.alg, signature: sig, data, backend })).toBe(true);
        for (const i of [0, Math.floor(sig.length / 2), sig.length - 1]) {
          const bad = sig.slice(); bad[i]! ^= 0x01;
          expect(await verifySignature({ key: c.key, signature: bad, data, backend })).toBe(false);
        }
        const badData = data.slice(); badData[3]! ^= 0x80;
        expect(await verifySignature({ key: c.key, signature: sig, data: badData, backend })).toBe(false);
        expect(await verifySignature({ key: c.key, signature: sig.subarray(0, sig.length - 1), data, backend })).toBe(false);
        expect(await verifySignature({ key: c.key, signature: new Uint8Array([...sig, 0]), data, backend })).toBe(false);
        expect(await verifySignature({ key: c.key, signature: new Uint8Array(0), data, backend })).toBe(false);
      });
    }
  });
}

describe('ECDSA signature formats', () => {
  it('a WebCrypto P1363 signature converted with p1363ToDer verifies; the raw P1363 form does not', async () => {
    const kp = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey('jwk', kp.publicKey);
    const key: COSEPublicKey = { kty: 'EC2', alg: -7, crv: 'P-256', x: b64(jwk.x!), y: b64(jwk.y!) };
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, kp.privateKey, data));
    for (const backend of ['webcrypto', 'noble'] as const) {
      expect(await verifySignature({ key, signature: p1363ToDer(raw), data, backend })).toBe(true);
      expect(await verifySignature({ key, signature: raw, data, backend })).toBe(false);
    }
  });
  it('a BER (long-form length) re-encoding of a valid signature is rejected', async () => {
    const c = cases[0]!;
    const der = c.sign(data);
    const ber = new Uint8Array([0x30, 0x81, der[1]!, ...der.subarray(2)]);
    for (const backend of ['webcrypto', 'noble'] as const) {
      expect(await verifySignature({ key: c.key, signature: ber, data, backend })).toBe(false);
    }
  });
});

describe('verifySignature misuse throws WebAuthnError', () => {
  const es256 = cases[0]!;
  const rs256 = cases[7]!;
  const sig = new Uint8Array(70);
  it('unknown or missing alg', async () => {
    await expect(verifySignature({ key: { ...es256.key, alg: undefined } as COSEPublicKey, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_COSE_ALG_UNSUPPORTED' });
    await expect(verifySignature({ key: { ...es256.key, alg: undefined } as COSEPublicKey, alg: -47, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_COSE_ALG_UNSUPPORTED' });
  });
  it('alg not matching the key', async () => {
    await expect(verifySignature({ key: es256.key, alg: -257, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_COSE_ALG_MISMATCH' });
    await expect(verifySignature({ key: { ...es256.key, alg: undefined } as COSEPublicKey, alg: -35, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_COSE_ALG_MISMATCH' });
    await expect(verifySignature({ key: rs256.key, alg: -37, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_COSE_ALG_MISMATCH' });
    await expect(verifySignature({ key: { ...cases[3]!.key, alg: undefined } as COSEPublicKey, alg: -53, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_COSE_ALG_MISMATCH' });
  });
  it('wrong argument types and unknown backend', async () => {
    await expect(verifySignature({ key: es256.key, signature: 'sig' as never, data })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(verifySignature({ key: es256.key, signature: sig, data: [1, 2] as never })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(verifySignature({ key: es256.key, signature: sig, data, backend: 'openssl' as never })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(verifySignature(null as never)).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(verifySignature({ key: null as never, signature: sig, data })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
  });
  it('an Ed25519 key that is not a curve point gives false, not an exception, on both backends', async () => {
    const x = new Uint8Array(32).fill(0xff); // y = 2^255-1 mod p is non-canonical / not a point
    const key: COSEPublicKey = { kty: 'OKP', alg: -8, crv: 'Ed25519', x };
    for (const backend of ['webcrypto', 'noble'] as const) {
      expect(await verifySignature({ key, signature: new Uint8Array(64), data, backend })).toBe(false);
    }
  });
});

describe('hash helpers', () => {
  it('match node:crypto', () => {
    for (const [fn, name, alg] of [[sha1, 'sha1', 'SHA-1'], [sha256, 'sha256', 'SHA-256'], [sha384, 'sha384', 'SHA-384'], [sha512, 'sha512', 'SHA-512']] as const) {
      const want = createHash(name).update(data).digest('hex');
      expect(Buffer.from(fn(data)).toString('hex')).toBe(want);
      expect(Buffer.from(digestSync(alg, data)).toString('hex')).toBe(want);
    }
    expect(() => digestSync('MD5' as never, data)).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
  });
});

describe('assertion signatures in fixtures/webauthn', () => {
  const auth = loadWebAuthnVectors().filter((c) => c.ceremony === 'authentication' && c.result.verified === true);
  it('has assertion cases', () => expect(auth.length).toBeGreaterThan(10));
  for (const c of auth) {
    it(`${c.id}: authData ‖ SHA-256(clientDataJSON) verifies on every backend; a flipped bit does not`, async () => {
      const key = decodeCOSEKey(decodeBase64url(c.credential!.publicKey));
      const authData = decodeBase64url(c.response.response.authenticatorData);
      const signed = new Uint8Array([...authData, ...sha256(decodeBase64url(c.response.response.clientDataJSON))]);
      const signature = decodeBase64url(c.response.response.signature);
      // RSA vectors: node and WebCrypto only (no pure-JS RSA since issue 12).
      for (const backend of key.kty === 'RSA' ? (['webcrypto', 'node'] as const) : (['webcrypto', 'noble', 'node'] as const)) {
        expect(await verifySignature({ key, signature, data: signed, backend })).toBe(true);
        const bad = signed.slice(); bad[0]! ^= 1;
        expect(await verifySignature({ key, signature, data: bad, backend })).toBe(false);
      }
    });
  }
});

// Last in the file: it leaves the per-runtime "WebCrypto lacks this alg" memo set.
describe('fallback when the runtime has no WebCrypto', () => {
  it('the webcrypto backend falls back to the pure-JS backend for every algorithm but RSA (ERR_SIGNATURE_ALG_UNAVAILABLE)', async () => {
    const signed = cases.map((c) => [c, c.sign(data)] as const); // signing needs randomness: before the stub
    vi.stubGlobal('crypto', {});
    try {
      for (const [c, sig] of signed) {
        if (!c.noble) {
          await expect(verifySignature({ key: c.key, signature: sig, data, backend: 'webcrypto' })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' });
          continue;
        }
        expect(await verifySignature({ key: c.key, signature: sig, data, backend: 'webcrypto' })).toBe(true);
        const bad = sig.slice(); bad[bad.length >> 1]! ^= 4;
        expect(await verifySignature({ key: c.key, signature: bad, data, backend: 'webcrypto' })).toBe(false);
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });
  it('importCOSEKey reports ERR_SIGNATURE_ALG_UNAVAILABLE without crypto.subtle', async () => {
    vi.stubGlobal('crypto', {});
    try {
      await expect(importCOSEKey(cases[0]!.key)).rejects.toMatchObject({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
