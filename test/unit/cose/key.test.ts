import { createPublicKey, generateKeyPairSync, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed448KeyPair, nodeHasEd448 } from '../../helpers/ed448.js';
import { decodeCbor, decodeCborPrefix, isCborMap } from '../../../src/cbor/decode.js';
import { COSE_ALGORITHMS, coseAlgorithmName, resolveAlgorithm } from '../../../src/cose/algorithms.js';
import { importCOSEKey } from '../../../src/cose/import-key.js';
import { isOnCurve } from '../../../src/cose/curves.js';
import { coseKeyFromMap, decodeCOSEKey } from '../../../src/cose/key.js';
import { coseKeyToJWK } from '../../../src/cose/to-jwk.js';
import { coseKeyToSPKI } from '../../../src/cose/to-spki.js';
import type { COSEPublicKey } from '../../../src/cose/types.js';
import { decodeBase64url } from '../../../src/encoding/base64url.js';
import { isWebAuthnError } from '../../../src/errors.js';
import { loadWebAuthnVectors } from '../../helpers/fixtures.js';

// ---- a tiny canonical CBOR encoder (ints, bstr, tstr, bool, arrays, int/text-keyed maps) ----
type V = number | string | boolean | Uint8Array | V[] | Map<number | string, V>;
function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
function enc(v: V): number[] {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'boolean') return [v ? 0xf5 : 0xf4];
  if (typeof v === 'string') { const b = Buffer.from(v, 'utf8'); return [...head(3, b.length), ...b]; }
  if (v instanceof Uint8Array) return [...head(2, v.length), ...v];
  if (Array.isArray(v)) return [...head(4, v.length), ...v.flatMap(enc)];
  const entries = [...v].map(([k, x]) => [enc(k), enc(x)] as const);
  entries.sort(([a], [b]) => a.length - b.length || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return [...head(5, entries.length), ...entries.flatMap(([k, x]) => [...k, ...x])];
}
const cbor = (v: V) => new Uint8Array(enc(v));
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const CRV = { 'P-256': 1, 'P-384': 2, 'P-521': 3, Ed25519: 6, Ed448: 7 } as const;

function jwkToCoseMap(jwk: NodeJwk, alg: number): Map<number, V> {
  if (jwk.kty === 'EC') return new Map<number, V>([[1, 2], [3, alg], [-1, CRV[jwk.crv as 'P-256']], [-2, b64(jwk.x!)], [-3, b64(jwk.y!)]]);
  if (jwk.kty === 'OKP') return new Map<number, V>([[1, 1], [3, alg], [-1, CRV[jwk.crv as 'Ed25519']], [-2, b64(jwk.x!)]]);
  return new Map<number, V>([[1, 3], [3, alg], [-1, b64(jwk.n!)], [-2, b64(jwk.e!)]]);
}
const nodeJwk = (type: string, opts: object = {}): NodeJwk =>
  // Ed448 from noble: Bun's node:crypto cannot generate Ed448 keys (test/helpers/ed448.ts).
  type === 'ed448' ? { kty: 'OKP', crv: 'Ed448', x: Buffer.from(ed448KeyPair().publicKey).toString('base64url') } :
  (generateKeyPairSync as (t: string, o: object) => { publicKey: KeyObject })(type, opts).publicKey.export({ format: 'jwk' }) as NodeJwk;
const with_ = (m: Map<number, V>, label: number, value: V | undefined) => {
  const c = new Map(m);
  if (value === undefined) c.delete(label);
  else c.set(label, value);
  return c;
};
const code = (fn: () => unknown) => {
  try { fn(); } catch (e) { if (isWebAuthnError(e)) return e.code; throw e; }
  return 'no error';
};

const keys = {
  es256: jwkToCoseMap(nodeJwk('ec', { namedCurve: 'P-256' }), -7),
  es384: jwkToCoseMap(nodeJwk('ec', { namedCurve: 'P-384' }), -35),
  es512: jwkToCoseMap(nodeJwk('ec', { namedCurve: 'P-521' }), -36),
  ed25519: jwkToCoseMap(nodeJwk('ed25519'), -19),
  eddsa25519: jwkToCoseMap(nodeJwk('ed25519'), -8),
  ed448: jwkToCoseMap(nodeJwk('ed448'), -53),
  eddsa448: jwkToCoseMap(nodeJwk('ed448'), -8),
  rs256: jwkToCoseMap(nodeJwk('rsa', { modulusLength: 2048 }), -257),
  ps256: jwkToCoseMap(nodeJwk('rsa', { modulusLength: 3072 }), -37),
  rs1: jwkToCoseMap(nodeJwk('rsa', { modulusLength: 2048 }), -65535),
  mldsa44: new Map<number, V>([[1, 7], [3, -48], [-1, ml_dsa44.keygen().publicKey]]),
  mldsa65: new Map<number, V>([[1, 7], [3, -49], [-1, ml_dsa65.keygen().publicKey]]),
  mldsa87: new Map<number, V>([[1, 7], [3, -50], [-1, ml_dsa87.keygen().publicKey]]),
};

describe('COSE algorithm table', () => {
  it('is frozen and names every required id', () => {
    expect(Object.isFrozen(COSE_ALGORITHMS)).toBe(true);
    expect(Object.isFrozen(COSE_ALGORITHMS[-7])).toBe(true);
    const names = Object.fromEntries(Object.values(COSE_ALGORITHMS).map((a) => [a.id, a.name]));
    expect(names).toEqual({
      [-8]: 'EdDSA', [-19]: 'Ed25519', [-53]: 'Ed448', [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512',
      [-257]: 'RS256', [-258]: 'RS384', [-259]: 'RS512', [-65535]: 'RS1', [-37]: 'PS256', [-38]: 'PS384',
      [-39]: 'PS512', [-48]: 'ML-DSA-44', [-49]: 'ML-DSA-65', [-50]: 'ML-DSA-87',
    });
    expect(coseAlgorithmName(-7)).toBe('ES256');
    expect(coseAlgorithmName(-47)).toBeUndefined();
    expect(() => { (COSE_ALGORITHMS as Record<number, unknown>)[-1] = {}; }).toThrow(TypeError);
  });
});

describe('decodeCOSEKey: accepted keys', () => {
  for (const [name, map] of Object.entries(keys)) {
    it(`accepts ${name}`, () => {
      const key = decodeCOSEKey(cbor(map));
      expect(key.alg).toBe(map.get(3));
      expect(Object.isFrozen(key)).toBe(true);
    });
  }
  it('accepts kid (2) as a byte string', () => {
    expect(decodeCOSEKey(cbor(with_(keys.es256, 2, new Uint8Array([1, 2])))).kty).toBe('EC2');
  });
  it('coseKeyFromMap gives the same result from a decoded map', () => {
    const m = decodeCbor(cbor(keys.es256));
    expect(isCborMap(m)).toBe(true);
    expect(coseKeyFromMap(m as never)).toEqual(decodeCOSEKey(cbor(keys.es256)));
  });
});

describe('decodeCOSEKey: rejected keys', () => {
  const cases: [string, () => unknown, string][] = [
    ['not a map (array)', () => decodeCOSEKey(cbor([1, 2])), 'ERR_COSE_KEY_INVALID'],
    ['not bytes', () => decodeCOSEKey('a2' as never), 'ERR_COSE_KEY_INVALID'],
    ['trailing bytes', () => decodeCOSEKey(new Uint8Array([...cbor(keys.es256), 0])), 'ERR_CBOR_TRAILING_BYTES|ERR_CBOR_MALFORMED'],
    ['kty missing', () => decodeCOSEKey(cbor(with_(keys.es256, 1, undefined))), 'ERR_COSE_KEY_INVALID'],
    ['kty text', () => decodeCOSEKey(cbor(with_(keys.es256, 1, 'EC2'))), 'ERR_COSE_KEY_INVALID'],
    ['kty symmetric (4)', () => decodeCOSEKey(cbor(with_(keys.es256, 1, 4))), 'ERR_COSE_KEY_TYPE_UNSUPPORTED'],
    ['alg missing', () => decodeCOSEKey(cbor(with_(keys.es256, 3, undefined))), 'ERR_COSE_KEY_INVALID'],
    ['alg text', () => decodeCOSEKey(cbor(with_(keys.es256, 3, 'ES256'))), 'ERR_COSE_KEY_INVALID'],
    ['alg unknown (ES256K -47)', () => decodeCOSEKey(cbor(with_(keys.es256, 3, -47))), 'ERR_COSE_ALG_UNSUPPORTED'],
    ['EC2 key with RS256', () => decodeCOSEKey(cbor(with_(keys.es256, 3, -257))), 'ERR_COSE_ALG_MISMATCH'],
    ['RSA key with ES256', () => decodeCOSEKey(cbor(with_(keys.rs256, 3, -7))), 'ERR_COSE_ALG_MISMATCH'],
    ['ES384 on a P-256 key', () => decodeCOSEKey(cbor(with_(keys.es256, 3, -35))), 'ERR_COSE_ALG_MISMATCH'],
    ['ES256 on a P-384 key', () => decodeCOSEKey(cbor(with_(keys.es384, 3, -7))), 'ERR_COSE_ALG_MISMATCH'],
    ['Ed25519 (-19) on an Ed448 key', () => decodeCOSEKey(cbor(with_(keys.ed448, 3, -19))), 'ERR_COSE_ALG_MISMATCH'],
    ['Ed448 (-53) on an Ed25519 key', () => decodeCOSEKey(cbor(with_(keys.ed25519, 3, -53))), 'ERR_COSE_ALG_MISMATCH'],
    ['EC2 crv secp256k1 (8)', () => decodeCOSEKey(cbor(with_(keys.es256, -1, 8))), 'ERR_COSE_CURVE_UNSUPPORTED'],
    ['EC2 crv Ed25519 (6)', () => decodeCOSEKey(cbor(with_(keys.es256, -1, 6))), 'ERR_COSE_CURVE_UNSUPPORTED'],
    ['OKP crv X25519 (4)', () => decodeCOSEKey(cbor(with_(keys.ed25519, -1, 4))), 'ERR_COSE_CURVE_UNSUPPORTED'],
    ['crv missing', () => decodeCOSEKey(cbor(with_(keys.es256, -1, undefined))), 'ERR_COSE_KEY_INVALID'],
    ['x 31 bytes', () => decodeCOSEKey(cbor(with_(keys.es256, -2, new Uint8Array(31)))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['x 33 bytes', () => decodeCOSEKey(cbor(with_(keys.es256, -2, new Uint8Array(33)))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['y 65 bytes on P-521', () => decodeCOSEKey(cbor(with_(keys.es512, -3, new Uint8Array(65)))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['y missing', () => decodeCOSEKey(cbor(with_(keys.es256, -3, undefined))), 'ERR_COSE_KEY_INVALID'],
    ['y compressed (boolean)', () => decodeCOSEKey(cbor(with_(keys.es256, -3, true))), 'ERR_COSE_KEY_INVALID'],
    ['x as text', () => decodeCOSEKey(cbor(with_(keys.es256, -2, 'x'))), 'ERR_COSE_KEY_INVALID'],
    ['point off the curve', () => {
      const y = (keys.es256.get(-3) as Uint8Array).slice(); y[31]! ^= 1;
      return decodeCOSEKey(cbor(with_(keys.es256, -3, y)));
    }, 'ERR_COSE_KEY_POINT_INVALID'],
    ['all-zero point', () => decodeCOSEKey(cbor(with_(with_(keys.es256, -2, new Uint8Array(32)), -3, new Uint8Array(32)))), 'ERR_COSE_KEY_POINT_INVALID'],
    ['coordinate ≥ p', () => decodeCOSEKey(cbor(with_(keys.es256, -2, new Uint8Array(32).fill(0xff)))), 'ERR_COSE_KEY_POINT_INVALID'],
    ['Ed25519 x 31 bytes', () => decodeCOSEKey(cbor(with_(keys.ed25519, -2, new Uint8Array(31)))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['Ed448 x 32 bytes', () => decodeCOSEKey(cbor(with_(keys.ed448, -2, new Uint8Array(32)))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['EC2 private d (-4)', () => decodeCOSEKey(cbor(with_(keys.es256, -4, new Uint8Array(32)))), 'ERR_COSE_KEY_INVALID'],
    ['OKP private d (-4)', () => decodeCOSEKey(cbor(with_(keys.ed25519, -4, new Uint8Array(32)))), 'ERR_COSE_KEY_INVALID'],
    ['RSA private d (-3)', () => decodeCOSEKey(cbor(with_(keys.rs256, -3, new Uint8Array(256)))), 'ERR_COSE_KEY_INVALID'],
    ['AKP private (-2)', () => decodeCOSEKey(cbor(with_(keys.mldsa44, -2, new Uint8Array(32)))), 'ERR_COSE_KEY_INVALID'],
    ['key_ops (4)', () => decodeCOSEKey(cbor(with_(keys.es256, 4, [2]))), 'ERR_COSE_KEY_INVALID'],
    ['unknown label -5 on EC2', () => decodeCOSEKey(cbor(with_(keys.es256, -5, 1))), 'ERR_COSE_KEY_INVALID'],
    ['text label', () => decodeCOSEKey(cbor(new Map<number | string, V>([...keys.es256, ['crv', 1]]))), 'ERR_COSE_KEY_INVALID'],
    ['kid not bytes', () => decodeCOSEKey(cbor(with_(keys.es256, 2, 'kid'))), 'ERR_COSE_KEY_INVALID'],
    ['RSA 1024-bit modulus', () => decodeCOSEKey(cbor(jwkToCoseMap(nodeJwk('rsa', { modulusLength: 1024 }), -257))), 'ERR_COSE_RSA_KEY_TOO_SMALL'],
    ['RSA 2047-bit modulus', () => {
      const n = new Uint8Array(256).fill(0xff); n[0] = 0x7f;
      return decodeCOSEKey(cbor(with_(keys.rs256, -1, n)));
    }, 'ERR_COSE_RSA_KEY_TOO_SMALL'],
    ['RSA modulus with leading zero', () => decodeCOSEKey(cbor(with_(keys.rs256, -1, new Uint8Array([0, ...(keys.rs256.get(-1) as Uint8Array)])))), 'ERR_COSE_KEY_INVALID'],
    ['RSA even modulus', () => { const n = (keys.rs256.get(-1) as Uint8Array).slice(); n[255]! &= 0xfe; return decodeCOSEKey(cbor(with_(keys.rs256, -1, n))); }, 'ERR_COSE_KEY_INVALID'],
    ['RSA modulus > 16384 bits', () => decodeCOSEKey(cbor(with_(keys.rs256, -1, new Uint8Array(2049).fill(0xff)))), 'ERR_COSE_KEY_INVALID'],
    ['RSA e = 1', () => decodeCOSEKey(cbor(with_(keys.rs256, -2, new Uint8Array([1])))), 'ERR_COSE_RSA_EXPONENT_INVALID'],
    ['RSA e even', () => decodeCOSEKey(cbor(with_(keys.rs256, -2, new Uint8Array([1, 0, 0])))), 'ERR_COSE_RSA_EXPONENT_INVALID'],
    ['RSA e with leading zero', () => decodeCOSEKey(cbor(with_(keys.rs256, -2, new Uint8Array([0, 1, 0, 1])))), 'ERR_COSE_RSA_EXPONENT_INVALID'],
    ['RSA e ≥ 2^32', () => decodeCOSEKey(cbor(with_(keys.rs256, -2, new Uint8Array([1, 0, 0, 0, 1])))), 'ERR_COSE_RSA_EXPONENT_INVALID'],
    ['RSA e empty', () => decodeCOSEKey(cbor(with_(keys.rs256, -2, new Uint8Array(0)))), 'ERR_COSE_RSA_EXPONENT_INVALID'],
    ['ML-DSA-44 pub 1311 bytes', () => decodeCOSEKey(cbor(with_(keys.mldsa44, -1, new Uint8Array(1311)))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['ML-DSA-65 with the ML-DSA-44 key size', () => decodeCOSEKey(cbor(with_(keys.mldsa44, 3, -49))), 'ERR_COSE_KEY_COORDINATE_LENGTH'],
    ['AKP with an ECDSA alg', () => decodeCOSEKey(cbor(with_(keys.mldsa44, 3, -7))), 'ERR_COSE_ALG_MISMATCH'],
  ];
  for (const [name, fn, expected] of cases) {
    it(`rejects ${name}`, () => expect(code(fn)).toMatch(new RegExp(`^(${expected})$`)));
  }
  it('accepts RSA e = 3 (documented policy: odd, 3 ≤ e < 2^32)', () => {
    expect(decodeCOSEKey(cbor(with_(keys.rs256, -2, new Uint8Array([3])))).kty).toBe('RSA');
  });

  it('property: any byte string gives a key or a WebAuthnError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      try { decodeCOSEKey(bytes); } catch (e) { expect(isWebAuthnError(e)).toBe(true); }
    }), { numRuns: 3000 });
  });
  it('property: single-byte mutations of a valid key give a key or a WebAuthnError', () => {
    const good = cbor(keys.es256);
    fc.assert(fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const m = good.slice(); m[i]! ^= x;
      try { decodeCOSEKey(m); } catch (e) { expect(isWebAuthnError(e)).toBe(true); }
    }), { numRuns: 2000 });
  });
});

describe('isOnCurve agrees with noble', () => {
  it('for random P-256 points and perturbed ones', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (seed, perturb) => {
      let sk = seed; if (!p256.utils.isValidSecretKey(sk)) sk = p256.utils.randomSecretKey();
      const pub = p256.getPublicKey(sk, false);
      const x = pub.slice(1, 33); const y = pub.slice(33);
      if (perturb) y[0]! ^= 0x40;
      let noble = true; try { p256.Point.fromBytes(new Uint8Array([4, ...x, ...y])).assertValidity(); } catch { noble = false; }
      expect(isOnCurve('P-256', x, y)).toBe(noble);
    }), { numRuns: 100 });
  });
});

describe('JWK and SPKI conversion match node:crypto', () => {
  for (const [name, map] of Object.entries(keys)) {
    it(name, () => {
      const key = decodeCOSEKey(cbor(map));
      const spki = coseKeyToSPKI(key);
      if (key.kty === 'AKP') {
        // Node 20 has no ML-DSA: check the structure by hand (OID .17/.18/.19, 00 ‖ pub).
        const oidLast = { [-48]: 0x11, [-49]: 0x12, [-50]: 0x13 }[key.alg]!;
        const hexS = Buffer.from(spki).toString('hex');
        expect(hexS).toContain(`06096086480165030403${oidLast.toString(16)}`);
        expect(hexS.endsWith(Buffer.from(key.pub).toString('hex'))).toBe(true);
        expect(coseKeyToJWK(key)).toMatchObject({ kty: 'AKP', alg: coseAlgorithmName(key.alg) });
        return;
      }
      if (key.kty === 'OKP' && key.crv === 'Ed448') {
        // RFC 8410 §4: SEQUENCE { SEQUENCE { OID 1.3.101.113 }, BIT STRING 00 ‖ 57-byte key }.
        expect(Buffer.from(spki).toString('hex')).toBe('3043300506032b6571033a00' + Buffer.from(key.x).toString('hex'));
        expect(coseKeyToJWK(key)).toEqual({ kty: 'OKP', crv: 'Ed448', x: Buffer.from(key.x).toString('base64url') });
        if (!nodeHasEd448) return; // and node:crypto agrees, where it has Ed448
      }
      const fromJwk = createPublicKey({ key: coseKeyToJWK(key) as NodeJwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
      expect(Buffer.from(spki).toString('hex')).toBe(fromJwk.toString('hex'));
      // and node parses our SPKI back to the same JWK
      const back = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'jwk' });
      expect(back).toEqual(coseKeyToJWK(key));
    });
  }
});

describe('importCOSEKey', () => {
  it('imports EC, OKP and RSA keys for verify', async () => {
    for (const m of [keys.es256, keys.es512, keys.ed25519, keys.rs256, keys.ps256, keys.rs1]) {
      const k = await importCOSEKey(decodeCOSEKey(cbor(m)));
      expect(k.usages).toEqual(['verify']);
      expect(k.type).toBe('public');
    }
  });
  it('maps misuse and unavailability to codes', async () => {
    const es256 = decodeCOSEKey(cbor(keys.es256));
    const noAlg = { ...es256, alg: undefined } as COSEPublicKey;
    await expect(importCOSEKey(es256, -35)).rejects.toMatchObject({ code: 'ERR_COSE_ALG_MISMATCH' });
    await expect(importCOSEKey(noAlg, -999)).rejects.toMatchObject({ code: 'ERR_COSE_ALG_UNSUPPORTED' });
    await expect(importCOSEKey(noAlg)).rejects.toMatchObject({ code: 'ERR_COSE_ALG_UNSUPPORTED' });
    await expect(importCOSEKey(noAlg, -257)).rejects.toMatchObject({ code: 'ERR_COSE_ALG_MISMATCH' });
    await expect(importCOSEKey(decodeCOSEKey(cbor(keys.mldsa44)))).rejects.toMatchObject({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' });
  });
  it('resolveAlgorithm: a key alg restricts the alg it may be used with', () => {
    const rs = decodeCOSEKey(cbor(keys.rs256));
    expect(() => resolveAlgorithm(rs, -37)).toThrow(expect.objectContaining({ code: 'ERR_COSE_ALG_MISMATCH' }));
    expect(resolveAlgorithm({ ...rs, alg: undefined } as COSEPublicKey, -37).name).toBe('PS256');
  });
});

/** The credentialPublicKey inside a registration's authData (§6.5.1: rpIdHash 32, flags 1, counter 4, aaguid 16, L 2, id L). */
function credentialKeyFromAttestation(attestationObject: string): Uint8Array {
  const ao = decodeCbor(decodeBase64url(attestationObject)) as Map<string, unknown>;
  const authData = ao.get('authData') as Uint8Array;
  const idLen = (authData[53]! << 8) | authData[54]!;
  const start = 55 + idLen;
  const { end } = decodeCborPrefix(authData, start);
  return authData.subarray(start, end);
}

describe('COSE keys from fixtures/webauthn', () => {
  const cases = loadWebAuthnVectors();
  it('every stored credential key and every registered credential key decodes', () => {
    const seen = new Map<number, number>();
    let n = 0;
    for (const c of cases) {
      const bytes = c.ceremony === 'authentication'
        ? decodeBase64url(c.credential!.publicKey)
        : credentialKeyFromAttestation(c.response.response.attestationObject);
      let key: COSEPublicKey;
      try { key = decodeCOSEKey(bytes); } catch (e) { throw new Error(`${c.id}: ${(e as Error).message} ${JSON.stringify((e as { details?: unknown }).details)}`); }
      seen.set(key.alg!, (seen.get(key.alg!) ?? 0) + 1);
      n++;
    }
    expect(n).toBe(cases.length);
    // The Ed448 vector uses -53 with crv Ed448 and the EdDSA vector -8 with crv Ed25519.
    for (const alg of [-7, -35, -36, -8, -53, -257, -37, -38, -65535, -48, -49, -50]) expect(seen.get(alg), `alg ${alg}`).toBeGreaterThan(0);
  });
});
