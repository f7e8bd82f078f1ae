/**
 * The node:crypto backend (src/signature/backends/node.ts): the same verdicts as the WebCrypto backend
 * for every algorithm, the strict-DER rule, the thread-pool path, key caching, and its absence on
 * runtimes without process.getBuiltinModule. The Wycheproof corpus runs on 'node' in
 * test/vectors/wycheproof.test.ts, and the shared round trips in test/unit/signature/verify.test.ts.
 */
import nodeCryptoModule, { constants, generateKeyPairSync, sign, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  importNodeKey,
  nodeCrypto,
  nodeCryptoSupports,
  verifyNodeCrypto,
  verifyNodeCryptoAsync,
} from '../../../src/signature/backends/node.js';
import { verifyAssertion } from '../../../src/ceremony/assertion.js';
import { encodeBase64url } from '../../../src/encoding/base64url.js';
import { prepareCredentialKey } from '../../../src/ceremony/credential-key.js';
import { createAssertionResponse, createTestCredential } from '../../../src/testing/index.js';
import { resolveAlgorithm } from '../../../src/cose/algorithms.js';
import type { COSEPublicKey } from '../../../src/cose/types.js';
import { p1363ToDer } from '../../../src/signature/der.js';
import { cachedImport, markCacheable } from '../../../src/signature/key-cache.js';
import { nodeVerificationsInFlight, verifySignature } from '../../../src/signature/verify.js';
import { ed448KeyPair, nodeHasEd448 } from '../../helpers/ed448.js';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const data = new TextEncoder().encode('authenticatorData || clientDataHash');

function coseFromNode(pub: KeyObject, alg: number): COSEPublicKey {
  const jwk = pub.export({ format: 'jwk' }) as NodeJwk;
  if (jwk.kty === 'EC') return Object.freeze({ kty: 'EC2', alg, crv: jwk.crv as 'P-256', x: b64(jwk.x!), y: b64(jwk.y!) });
  if (jwk.kty === 'OKP') return Object.freeze({ kty: 'OKP', alg, crv: jwk.crv as 'Ed25519', x: b64(jwk.x!) });
  return Object.freeze({ kty: 'RSA', alg, n: b64(jwk.n!), e: b64(jwk.e!) });
}

interface Case { name: string; key: COSEPublicKey; sign: (d: Uint8Array) => Uint8Array }
function makeCase(name: string, alg: number, type: string, options: object, hash: string | null, pss?: number): Case {
  const { publicKey, privateKey } = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
  const k = pss === undefined ? privateKey : { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss };
  return { name, key: coseFromNode(publicKey, alg), sign: (d) => new Uint8Array(sign(hash, d, k)) };
}

const cases: Case[] = [
  makeCase('ES256', -7, 'ec', { namedCurve: 'P-256' }, 'sha256'),
  makeCase('ES384', -35, 'ec', { namedCurve: 'P-384' }, 'sha384'),
  makeCase('ES512', -36, 'ec', { namedCurve: 'P-521' }, 'sha512'),
  makeCase('RS256', -257, 'rsa', { modulusLength: 2048 }, 'sha256'),
  makeCase('RS384', -258, 'rsa', { modulusLength: 2048 }, 'sha384'),
  makeCase('RS512', -259, 'rsa', { modulusLength: 2048 }, 'sha512'),
  makeCase('RS1', -65535, 'rsa', { modulusLength: 2048 }, 'sha1'),
  makeCase('PS256', -37, 'rsa', { modulusLength: 2048 }, 'sha256', 32),
  makeCase('PS384', -38, 'rsa', { modulusLength: 2048 }, 'sha384', 48),
  makeCase('PS512', -39, 'rsa', { modulusLength: 2048 }, 'sha512', 64),
  makeCase('EdDSA (Ed25519)', -8, 'ed25519', {}, null),
  makeCase('Ed25519', -19, 'ed25519', {}, null),
  ed448Case(),
];

/** Ed448 from noble: Bun's node:crypto cannot generate Ed448 keys (test/helpers/ed448.ts). */
function ed448Case(): Case {
  const pair = ed448KeyPair();
  return { name: 'Ed448', key: Object.freeze({ kty: 'OKP', alg: -53, crv: 'Ed448', x: pair.publicKey }), sign: pair.sign };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('node:crypto backend: availability', () => {
  it('is found through process.getBuiltinModule on Node', () => {
    expect(typeof process.getBuiltinModule).toBe('function');
    expect(nodeCrypto()).toBe(process.getBuiltinModule('node:crypto'));
  });

  it('without getBuiltinModule: no node backend; backend "node" is ERR_SIGNATURE_ALG_UNAVAILABLE, the default still verifies', async () => {
    vi.resetModules();
    const original = process.getBuiltinModule;
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    try {
      const backend = await import('../../../src/signature/backends/node.js');
      const verify = await import('../../../src/signature/verify.js');
      expect(backend.nodeCrypto()).toBeUndefined();
      const c = cases[0]!;
      const info = resolveAlgorithm(c.key);
      expect(() => backend.importNodeKey(c.key, info)).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' }));
      await expect(verify.verifySignature({ key: c.key, signature: c.sign(data), data, backend: 'node' })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' });
      expect(await verify.verifySignature({ key: c.key, signature: c.sign(data), data })).toBe(true); // WebCrypto
    } finally {
      process.getBuiltinModule = original;
      vi.resetModules();
    }
  });

  it('a getBuiltinModule that throws is treated as absent', async () => {
    vi.resetModules();
    const original = process.getBuiltinModule;
    (process as { getBuiltinModule: unknown }).getBuiltinModule = () => {
      throw new Error('denied');
    };
    try {
      const backend = await import('../../../src/signature/backends/node.js');
      expect(backend.nodeCrypto()).toBeUndefined();
    } finally {
      process.getBuiltinModule = original;
      vi.resetModules();
    }
  });
});

describe('node:crypto backend: verdicts', () => {
  for (const c of cases) {
    it(`${c.name}: valid verifies on node, webcrypto and the default; every malformed variant is false`, async () => {
      const sig = c.sign(data);
      for (const backend of ['node', 'webcrypto', undefined] as const) {
        expect(await verifySignature({ key: c.key, signature: sig, data, backend })).toBe(true);
      }
      const flipped = sig.slice();
      flipped[flipped.length - 1]! ^= 1;
      const badData = data.slice();
      badData[0]! ^= 1;
      for (const [s, d] of [
        [flipped, data],
        [sig, badData],
        [sig.subarray(0, sig.length - 1), data],
        [new Uint8Array([...sig, 0]), data],
        [new Uint8Array(0), data],
      ] as const) {
        expect(await verifySignature({ key: c.key, signature: s, data: d, backend: 'node' })).toBe(false);
      }
    });
  }

  it('ECDSA: the P1363 form and a BER (long-form length) re-encoding are false (strict DER first)', async () => {
    const c = cases[0]!;
    const der = c.sign(data);
    const ber = new Uint8Array([0x30, 0x81, der[1]!, ...der.subarray(2)]);
    expect(await verifySignature({ key: c.key, signature: ber, data, backend: 'node' })).toBe(false);
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const raw = new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const key = coseFromNode(publicKey, -7);
    expect(await verifySignature({ key, signature: raw, data, backend: 'node' })).toBe(false);
    expect(await verifySignature({ key, signature: p1363ToDer(raw), data, backend: 'node' })).toBe(true);
  });

  it('PSS: a signature with another salt length is false (RFC 8230: salt = hash length, exactly)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = coseFromNode(publicKey, -37);
    const sig20 = new Uint8Array(sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }));
    const sig32 = new Uint8Array(sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
    expect(await verifySignature({ key, signature: sig32, data, backend: 'node' })).toBe(true);
    expect(await verifySignature({ key, signature: sig20, data, backend: 'node' })).toBe(false);
  });

  it('an RSA PKCS#1 v1.5 key with a PSS signature (and the reverse) is false', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pss = new Uint8Array(sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
    const pkcs1 = new Uint8Array(sign('sha256', data, privateKey));
    expect(await verifySignature({ key: coseFromNode(publicKey, -257), signature: pss, data, backend: 'node' })).toBe(false);
    expect(await verifySignature({ key: coseFromNode(publicKey, -37), signature: pkcs1, data, backend: 'node' })).toBe(false);
  });

  it('an Ed25519 key that is not a curve point gives false, not an exception', async () => {
    const key: COSEPublicKey = { kty: 'OKP', alg: -8, crv: 'Ed25519', x: new Uint8Array(32).fill(0xff) };
    expect(await verifySignature({ key, signature: new Uint8Array(64), data, backend: 'node' })).toBe(false);
  });

  it('an EC2 key off the curve (not validated by decodeCOSEKey here) gives false: OpenSSL refuses the import', async () => {
    const key: COSEPublicKey = { kty: 'EC2', alg: -7, crv: 'P-256', x: new Uint8Array(32).fill(1), y: new Uint8Array(32).fill(2) };
    expect(() => importNodeKey(key, resolveAlgorithm(key))).toThrow(expect.objectContaining({ code: 'ERR_COSE_KEY_INVALID' }));
    expect(await verifySignature({ key, signature: cases[0]!.sign(data), data, backend: 'node' })).toBe(false);
  });

  it('ML-DSA is not in node:crypto: the node backend falls back to noble and verifies', async () => {
    const { ml_dsa44 } = await import('@noble/post-quantum/ml-dsa.js');
    const { publicKey, secretKey } = ml_dsa44.keygen();
    const key: COSEPublicKey = { kty: 'AKP', alg: -48, pub: publicKey };
    const info = resolveAlgorithm(key);
    expect(nodeCryptoSupports(info)).toBe(false);
    expect(() => importNodeKey(key, info)).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' }));
    const sig = ml_dsa44.sign(data, secretKey);
    expect(await verifySignature({ key, signature: sig, data, backend: 'node' })).toBe(true);
    expect(await verifySignature({ key, signature: sig, data: data.subarray(1), backend: 'node' })).toBe(false);
  });

  it('Ed448 is used from node:crypto only where the runtime has it (Bun does not): else noble, same verdicts', async () => {
    const c = cases.find((x) => x.name === 'Ed448')!;
    const info = resolveAlgorithm(c.key);
    // The RFC 8032 probe in the backend must agree with a direct import attempt in this runtime.
    expect(nodeCryptoSupports(info, c.key)).toBe(nodeHasEd448);
    // alg -8 (EdDSA, curve from the key) follows the key's curve, not the algorithm id.
    const eddsa = { ...c.key, alg: -8 } as COSEPublicKey;
    expect(nodeCryptoSupports(resolveAlgorithm(eddsa), eddsa)).toBe(nodeHasEd448);
    if (nodeHasEd448) expect(importNodeKey(c.key, info).type).toBe('public');
    else expect(() => importNodeKey(c.key, info)).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' }));
    const sig = c.sign(data);
    const bad = sig.slice();
    bad[0]! ^= 1;
    for (const key of [c.key, eddsa]) {
      expect(await verifySignature({ key, signature: sig, data, backend: 'node' })).toBe(true);
      expect(await verifySignature({ key, signature: bad, data, backend: 'node' })).toBe(false);
    }
  });

  it('a KeyObject that throws inside verify is a false verdict, a misuse is a WebAuthnError', () => {
    const c = cases[0]!;
    const info = resolveAlgorithm(c.key);
    const ko = importNodeKey(c.key, info);
    vi.spyOn(nodeCryptoModule, 'verify').mockImplementation(() => {
      throw new Error('openssl error');
    });
    expect(verifyNodeCrypto(ko, c.key, info, c.sign(data), data)).toBe(false);
    vi.restoreAllMocks();
    const akp: COSEPublicKey = { kty: 'AKP', alg: -48, pub: new Uint8Array(1312) };
    expect(() => verifyNodeCrypto(ko, akp, resolveAlgorithm(akp), new Uint8Array(2420), data)).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_ALG_UNAVAILABLE' }));
  });

  it('node and webcrypto agree on random single-byte mutations (ES256, Ed25519, RS256)', async () => {
    for (const c of [cases[0]!, cases[10]!, cases[3]!]) {
      const sig = c.sign(data);
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (inSig, at, x) => {
          const s = sig.slice();
          const d = data.slice();
          if (inSig) s[at % s.length]! ^= x;
          else d[at % d.length]! ^= x;
          const n = await verifySignature({ key: c.key, signature: s, data: d, backend: 'node' });
          const w = await verifySignature({ key: c.key, signature: s, data: d, backend: 'webcrypto' });
          expect(n).toBe(w);
          expect(n).toBe(false);
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe('node:crypto backend: thread pool when verifications overlap', () => {
  it('the callback (thread pool) form gives the same verdicts as the inline form', async () => {
    for (const c of cases.filter((x) => nodeHasEd448 || x.name !== 'Ed448')) {
      const info = resolveAlgorithm(c.key);
      const ko = importNodeKey(c.key, info);
      const sig = c.sign(data);
      const bad = sig.slice();
      bad[bad.length - 1]! ^= 1;
      for (const [s2, want] of [[sig, true], [bad, false], [sig.subarray(1), false], [new Uint8Array(0), false]] as const) {
        expect(await verifyNodeCryptoAsync(ko, c.key, info, s2, data), c.name).toBe(want);
        expect(verifyNodeCrypto(ko, c.key, info, s2, data), c.name).toBe(want);
      }
    }
  });

  it('an error in the callback or a throw is a false verdict', async () => {
    const c = cases[0]!;
    const info = resolveAlgorithm(c.key);
    const ko = importNodeKey(c.key, info);
    const spy = vi.spyOn(nodeCryptoModule, 'verify').mockImplementation(((...args: unknown[]) => {
      (args[4] as (e: unknown, ok: boolean) => void)(new Error('openssl'), true);
    }) as never);
    expect(await verifyNodeCryptoAsync(ko, c.key, info, c.sign(data), data)).toBe(false);
    spy.mockImplementation(() => {
      throw new Error('sync throw');
    });
    expect(await verifyNodeCryptoAsync(ko, c.key, info, c.sign(data), data)).toBe(false);
  });

  it('the signature layer counts its own node verifications: a lone one runs inline, a burst goes to the thread pool, the count returns to zero', async () => {
    // No ceremony involved (issue 12): direct verifySignature calls, as certificate paths and
    // registrations make them, get the same decision as logins.
    const c = cases[0]!;
    const sig = c.sign(data);
    const spy = vi.spyOn(nodeCryptoModule, 'verify');
    expect(await verifySignature({ key: c.key, signature: sig, data, backend: 'node' })).toBe(true);
    expect(spy.mock.calls.every((call) => call[4] === undefined)).toBe(true); // inline
    expect(nodeVerificationsInFlight()).toBe(0);
    spy.mockClear();
    const bad = sig.slice(); bad[bad.length - 1]! ^= 1;
    const verdicts = await Promise.all([sig, sig, bad, sig, sig].map((signature) => verifySignature({ key: c.key, signature, data, backend: 'node' })));
    expect(verdicts).toEqual([true, true, false, true, true]);
    expect(spy.mock.calls.filter((call) => typeof call[4] === 'function').length).toBeGreaterThanOrEqual(4); // all but the first
    expect(nodeVerificationsInFlight()).toBe(0);
  });

  it('an OpenSSL exception, inline or on the pool, is a false verdict and leaves the count at zero', async () => {
    const c = cases[0]!;
    const sig = c.sign(data);
    vi.spyOn(nodeCryptoModule, 'verify').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(await verifySignature({ key: c.key, signature: sig, data, backend: 'node' })).toBe(false);
    const burst = await Promise.all([1, 2, 3].map(() => verifySignature({ key: c.key, signature: sig, data, backend: 'node' })));
    expect(burst).toEqual([false, false, false]);
    expect(nodeVerificationsInFlight()).toBe(0);
  });

  it('concurrent logins use the thread pool and all verify; a forged one among them fails; the count returns to zero', async () => {
    const credential = await createTestCredential({ alg: -7 });
    const prepared = prepareCredentialKey(credential.publicKey);
    const challenge = encodeBase64url(new Uint8Array(32).fill(7));
    const responses = [];
    for (let i = 0; i < 8; i++) responses.push(await createAssertionResponse({ credential, challenge, origin: 'https://example.com', rpId: 'example.com' }));
    const forged = structuredClone(responses[3]!);
    const sig = Buffer.from(forged.response.signature, 'base64url');
    sig[sig.length - 1]! ^= 1;
    forged.response.signature = sig.toString('base64url');
    const spy = vi.spyOn(nodeCryptoModule, 'verify');
    const run = (response: unknown) =>
      verifyAssertion({
        response,
        expectedChallenge: challenge,
        expectedOrigin: 'https://example.com',
        expectedRPID: 'example.com',
        credential: { id: encodeBase64url(credential.id), publicKey: prepared, counter: 0 },
      });
    const results = await Promise.allSettled([...responses, forged].map(run));
    expect(results.slice(0, 8).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[8]).toMatchObject({ status: 'rejected', reason: { code: 'ERR_SIGNATURE_INVALID' } });
    expect(spy.mock.calls.some((call) => typeof call[4] === 'function')).toBe(true); // callback form used
    expect(nodeVerificationsInFlight()).toBe(0);
    spy.mockClear();
    await run(responses[0]); // alone again: inline
    expect(spy.mock.calls.every((call) => call[4] === undefined)).toBe(true);
  });
});

describe('node:crypto backend: key caching', () => {
  it('a cacheable key is imported once per backend and algorithm; a plain key object on every call', async () => {
    const c = cases[3]!;
    const sig = c.sign(data);
    const spy = vi.spyOn(nodeCryptoModule, 'createPublicKey');
    const plain = { ...c.key } as COSEPublicKey;
    for (let i = 0; i < 3; i++) expect(await verifySignature({ key: plain, signature: sig, data, backend: 'node' })).toBe(true);
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockClear();
    const cached = { ...c.key } as COSEPublicKey;
    markCacheable(cached);
    for (let i = 0; i < 3; i++) expect(await verifySignature({ key: cached, signature: sig, data, backend: 'node' })).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('a failed import is not cached (a promise that rejects is dropped)', async () => {
    const key = { ...cases[0]!.key } as COSEPublicKey;
    markCacheable(key);
    let calls = 0;
    const fail = () => {
      calls++;
      return Promise.reject(new Error('no'));
    };
    await expect(cachedImport(key, 'test:1', fail)).rejects.toThrow('no');
    await new Promise((r) => setTimeout(r, 0));
    await expect(cachedImport(key, 'test:1', fail)).rejects.toThrow('no');
    expect(calls).toBe(2);
    const ok = () => Promise.resolve(42);
    expect(await cachedImport(key, 'test:2', ok)).toBe(42);
    expect(cachedImport(key, 'test:2', () => Promise.resolve(7))).toBe(cachedImport(key, 'test:2', ok));
    expect(() => cachedImport(key, 'test:3', () => { throw new Error('sync'); })).toThrow('sync');
    expect(cachedImport(key, 'test:3', () => 5)).toBe(5);
  });
});
