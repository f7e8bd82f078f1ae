/**
 * The software authenticator is checked INDEPENDENTLY of our verifier (that would be circular):
 * CBOR with cbor-x, signatures with node:crypto (and @noble/post-quantum for ML-DSA, which Node 20
 * lacks), authData by hand-slicing per WebAuthn L3 §6.1.
 */
import { X509Certificate, createHash, createPublicKey, constants, verify, type KeyObject } from 'node:crypto';
import { Decoder } from 'cbor-x/decode';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ed448Verify } from '../../helpers/ed448.js';
import {
  createAssertionResponse,
  createRegistrationResponse,
  createTestCredential,
  buildAuthenticatorData,
  buildClientDataJSON,
  jwkToCoseKey,
  algFromKey,
  signWebAuthn,
  SUPPORTED_TEST_ALGS,
  type TestCredential,
} from '../../../src/testing/index.js';
import * as testingApi from '../../../src/testing/index.js';
// @ts-expect-error plain .mjs script without type declarations
import { generateFixtureCases, FIXTURE_NOW } from '../../../scripts/generate-fixtures.mjs';

const cbor = new Decoder({ mapsAsObjects: false, useRecords: false } as any);
const b64u = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => new Uint8Array(createHash('sha256').update(b).digest());
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const cat = (...p: Uint8Array[]) => new Uint8Array(Buffer.concat(p));

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = b64(new Uint8Array(32).fill(7));

/** Splits authData by hand (§6.1); the COSE key length is taken from the credential we know. */
function parseAuthData(ad: Uint8Array, coseLength?: number) {
  const flags = ad[32]!;
  const out: any = { rpIdHash: ad.subarray(0, 32), flags, counter: Buffer.from(ad).readUInt32BE(33), rest: ad.subarray(37) };
  if (flags & 0x40 && coseLength !== undefined) {
    const aaguid = ad.subarray(37, 53);
    const len = (ad[53]! << 8) | ad[54]!;
    const credId = ad.subarray(55, 55 + len);
    const cose = ad.subarray(55 + len, 55 + len + coseLength);
    Object.assign(out, { aaguid, credId, cose, rest: ad.subarray(55 + len + coseLength) });
  }
  return out;
}

/** COSE_Key → node KeyObject, written from RFC 9053 / RFC 8230 directly. */
function coseToNode(coseBytes: Uint8Array): { key: KeyObject | Uint8Array; kty: number; alg: number } {
  const m = cbor.decode(coseBytes) as Map<number, any>;
  const kty = m.get(1), alg = m.get(3);
  if (kty === 2) {
    const crv = ({ 1: 'P-256', 2: 'P-384', 3: 'P-521' } as any)[m.get(-1)];
    return { kty, alg, key: createPublicKey({ key: { kty: 'EC', crv, x: b64(m.get(-2)), y: b64(m.get(-3)) }, format: 'jwk' }) };
  }
  if (kty === 1) {
    const crv = ({ 6: 'Ed25519', 7: 'Ed448' } as any)[m.get(-1)];
    // Ed448 goes to the noble oracle (Bun's node:crypto has no Ed448): raw 57-byte key.
    if (crv === 'Ed448') return { kty, alg, key: new Uint8Array(m.get(-2)) };
    return { kty, alg, key: createPublicKey({ key: { kty: 'OKP', crv, x: b64(m.get(-2)) }, format: 'jwk' }) };
  }
  if (kty === 3) return { kty, alg, key: createPublicKey({ key: { kty: 'RSA', n: b64(m.get(-1)), e: b64(m.get(-2)) }, format: 'jwk' }) };
  if (kty === 7) return { kty, alg, key: new Uint8Array(m.get(-1)) };
  throw new Error('unknown kty ' + kty);
}

/** Verifies a WebAuthn signature (§6.5.5 encodings) with node:crypto / noble, independent of src/. */
function nodeVerify(coseBytes: Uint8Array, data: Uint8Array, sig: Uint8Array): boolean {
  const { key, alg } = coseToNode(coseBytes);
  const hash = ({ [-7]: 'sha256', [-35]: 'sha384', [-36]: 'sha512', [-257]: 'sha256', [-258]: 'sha384', [-259]: 'sha512', [-65535]: 'sha1', [-37]: 'sha256', [-38]: 'sha384', [-39]: 'sha512' } as any)[alg];
  if (alg === -48 || alg === -49 || alg === -50) {
    const dsa = ({ [-48]: ml_dsa44, [-49]: ml_dsa65, [-50]: ml_dsa87 } as any)[alg];
    return dsa.verify(sig, data, key as Uint8Array);
  }
  if (key instanceof Uint8Array && key.length === 57) return ed448Verify(sig, data, key);
  if (alg === -8 || alg === -19 || alg === -53) return verify(null, data, key as KeyObject, sig);
  if (alg === -7 || alg === -35 || alg === -36) return verify(hash, data, { key: key as KeyObject, dsaEncoding: 'der' }, sig);
  if (alg === -37 || alg === -38 || alg === -39) {
    return verify(hash, data, { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: { [-37]: 32, [-38]: 48, [-39]: 64 }[alg] }, sig);
  }
  return verify(hash, data, key as KeyObject, sig);
}

function decodeAttObj(json: { response: { attestationObject: string } }) {
  return cbor.decode(b64u(json.response.attestationObject)) as Map<string, any>;
}

const creds = new Map<number, TestCredential>();
beforeAll(async () => {
  for (const alg of SUPPORTED_TEST_ALGS) creds.set(alg, await createTestCredential({ alg }));
}, 120_000);

describe('createTestCredential', () => {
  it.each(SUPPORTED_TEST_ALGS.map((a) => [a]))('alg %i: canonical COSE key in CTAP2 order, defaults', async (alg) => {
    const c = creds.get(alg)!;
    expect(c.alg).toBe(alg);
    expect(c.id.length).toBe(32);
    expect(c.userHandle.length).toBe(16);
    expect(hex(c.aaguid)).toBe('00'.repeat(16));
    expect(c.signCount).toBe(0);
    const m = cbor.decode(c.publicKey) as Map<number, unknown>;
    expect(m.get(3)).toBe(alg);
    const keys = [...m.keys()];
    expect(keys.slice(0, 2)).toEqual([1, 3]);
    expect(keys.slice(2)).toEqual([-1, -2, -3].slice(0, keys.length - 2));
    const kty = m.get(1);
    if (kty === 2) {
      const len = { [-7]: 32, [-35]: 48, [-36]: 66 }[alg as -7]!;
      expect((m.get(-2) as Uint8Array).length).toBe(len);
      expect((m.get(-3) as Uint8Array).length).toBe(len);
    }
    if (kty === 3) expect((m.get(-1) as Uint8Array).length).toBe(256); // 2048-bit modulus
    if (alg === -8) {
      expect(hex(c.publicKey.subarray(0, 10))).toBe('a4010103272006215820');
      expect(c.publicKey.length).toBe(42); // Chromium's EdDSA COSE key size (TOOLCHAIN §6)
    }
  });

  it('honours idLength, aaguid, userHandle, signCount', async () => {
    const aaguid = new Uint8Array(16).fill(9);
    const c = await createTestCredential({ idLength: 5, aaguid, userHandle: new Uint8Array([1, 2]), signCount: 41 });
    expect(c.id.length).toBe(5);
    expect(hex(c.aaguid)).toBe('09'.repeat(16));
    expect(hex(c.userHandle)).toBe('0102');
    expect(c.signCount).toBe(41);
  });

  it('rejects unsupported algs and bad options with ERR_OPTIONS_INVALID', async () => {
    await expect(createTestCredential({ alg: 12345 })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(createTestCredential({ aaguid: new Uint8Array(3) })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(createTestCredential({ idLength: -1 })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(createTestCredential({ signCount: 2 ** 32 })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
  });

  it('algFromKey maps WebCrypto keys back to COSE algs', async () => {
    for (const alg of [-7, -35, -36, -257, -37, -8, -53, -48]) expect(algFromKey(creds.get(alg)!.privateKey)).toBe(alg);
  });
});

describe('registration: none', () => {
  it('produces the documented structure, clientDataJSON order and flags', async () => {
    const c = creds.get(-7)!;
    const r = await createRegistrationResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, transports: ['usb'] });
    expect(r.id).toBe(b64(c.id));
    expect(r.rawId).toBe(b64(c.id));
    expect(r.type).toBe('public-key');
    expect(r.clientExtensionResults).toEqual({});
    expect(r.response.transports).toEqual(['usb']);
    expect(r.response.publicKeyAlgorithm).toBe(-7);
    const cdj = Buffer.from(b64u(r.response.clientDataJSON)).toString('utf8');
    expect(cdj).toBe(`{"type":"webauthn.create","challenge":"${CHALLENGE}","origin":"${ORIGIN}","crossOrigin":false}`);
    const ao = decodeAttObj(r);
    expect([...ao.keys()]).toEqual(['fmt', 'attStmt', 'authData']);
    expect(ao.get('fmt')).toBe('none');
    expect(ao.get('attStmt').size).toBe(0);
    const ad = parseAuthData(ao.get('authData'), c.publicKey.length);
    expect(hex(ad.rpIdHash)).toBe(hex(sha256(RP)));
    expect(ad.flags).toBe(0x45); // UP | UV | AT
    expect(ad.counter).toBe(0);
    expect(hex(ad.aaguid)).toBe(hex(c.aaguid));
    expect(hex(ad.credId)).toBe(hex(c.id));
    expect(hex(ad.cose)).toBe(hex(c.publicKey));
    expect(ad.rest.length).toBe(0);
    expect(r.response.authenticatorData).toBe(b64(ao.get('authData')));
    // getPublicKey() SPKI carries the same key as the COSE key
    const spki = createPublicKey({ key: Buffer.from(b64u(r.response.publicKey!)), format: 'der', type: 'spki' });
    expect(spki.export({ format: 'jwk' }).x).toBe(b64((cbor.decode(c.publicKey) as Map<number, Uint8Array>).get(-2)!));
  });

  it('accepts raw challenge bytes, crossOrigin/topOrigin/extra members in spec order', async () => {
    const r = await createRegistrationResponse({
      credential: creds.get(-7)!, challenge: new Uint8Array([0xfb, 0xff]), origin: ORIGIN, rpId: RP,
      crossOrigin: true, topOrigin: 'https://top.example', clientDataExtra: { extra: 'x' },
    });
    expect(Buffer.from(b64u(r.response.clientDataJSON)).toString()).toBe(
      `{"type":"webauthn.create","challenge":"-_8","origin":"${ORIGIN}","crossOrigin":true,"topOrigin":"https://top.example","extra":"x"}`,
    );
  });

  it('rejects a challenge string that is not base64url', async () => {
    await expect(createRegistrationResponse({ credential: creds.get(-7)!, challenge: 'a+b/', origin: ORIGIN, rpId: RP })).rejects.toMatchObject({ code: 'ERR_BASE64URL_INVALID' });
  });

  it('flags, counter and extensions produce the bytes they claim', async () => {
    const c = creds.get(-7)!;
    const r = await createRegistrationResponse({
      credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP,
      flags: { uv: false, be: true, bs: true }, signCount: 0x01020304, extensions: { credProtect: 2, 'hmac-secret': true },
    });
    const raw = decodeAttObj(r).get('authData');
    const ad = parseAuthData(raw, c.publicKey.length);
    expect(ad.flags).toBe(0x01 | 0x08 | 0x10 | 0x40 | 0x80);
    expect(hex(raw.subarray(33, 37))).toBe('01020304');
    const ext = cbor.decode(ad.rest) as Map<string, unknown>;
    expect([...ext.entries()]).toEqual([['credProtect', 2], ['hmac-secret', true]]);
    const noUp = await createRegistrationResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, flags: { up: false, at: false, ed: true } });
    expect(decodeAttObj(noUp).get('authData')[32]).toBe(0x04 | 0x80);
  });
});

describe('registration: packed self attestation, every alg', () => {
  it.each(SUPPORTED_TEST_ALGS.map((a) => [a]))('alg %i: sig verifies with node:crypto over authData ‖ SHA-256(clientDataJSON)', async (alg) => {
    const c = creds.get(alg)!;
    const r = await createRegistrationResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed' });
    const ao = decodeAttObj(r);
    expect(ao.get('fmt')).toBe('packed');
    const st = ao.get('attStmt') as Map<string, any>;
    expect([...st.keys()]).toEqual(['alg', 'sig']);
    expect(st.get('alg')).toBe(alg);
    const data = cat(ao.get('authData'), sha256(b64u(r.response.clientDataJSON)));
    expect(nodeVerify(c.publicKey, data, st.get('sig'))).toBe(true);
    if (alg === -7) expect(st.get('sig')[0]).toBe(0x30); // DER, not P1363
  });
});

describe('registration: packed x5c and fido-u2f', () => {
  it('packed x5c: alg/sig of the attestation key, x5c carried leaf first', async () => {
    const att = await createTestCredential({ alg: -7 });
    const certs = [new Uint8Array([0x30, 1, 2]), new Uint8Array([0x30, 3])];
    const c = creds.get(-257)!;
    const r = await createRegistrationResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c: { certificates: certs, privateKey: att.privateKey } });
    const ao = decodeAttObj(r);
    const st = ao.get('attStmt') as Map<string, any>;
    expect([...st.keys()]).toEqual(['alg', 'sig', 'x5c']);
    expect(st.get('alg')).toBe(-7);
    expect(st.get('x5c').map(hex)).toEqual(certs.map(hex));
    const data = cat(ao.get('authData'), sha256(b64u(r.response.clientDataJSON)));
    expect(nodeVerify(att.publicKey, data, st.get('sig'))).toBe(true);
    expect(nodeVerify(c.publicKey, data, st.get('sig'))).toBe(false);
  });

  it('fido-u2f: zero AAGUID, sig over 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credId ‖ 04‖x‖y', async () => {
    const att = await createTestCredential({ alg: -7 });
    const c = await createTestCredential({ alg: -7, aaguid: new Uint8Array(16).fill(1) });
    const r = await createRegistrationResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'fido-u2f', x5c: { certificates: [new Uint8Array([0x30])], privateKey: att.privateKey } });
    const ao = decodeAttObj(r);
    const st = ao.get('attStmt') as Map<string, any>;
    expect([...st.keys()]).toEqual(['sig', 'x5c']);
    const ad = parseAuthData(ao.get('authData'), c.publicKey.length);
    expect(hex(ad.aaguid)).toBe('00'.repeat(16));
    const m = cbor.decode(c.publicKey) as Map<number, Uint8Array>;
    const data = cat(new Uint8Array([0]), sha256(RP), sha256(b64u(r.response.clientDataJSON)), c.id, new Uint8Array([4]), m.get(-2)!, m.get(-3)!);
    expect(nodeVerify(att.publicKey, data, st.get('sig'))).toBe(true);
  });

  it('without x5c, packed x5c / fido-u2f use a fresh chain whose leaf key made the signature', async () => {
    const c = creds.get(-7)!;
    const base = { credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP };
    const packed = decodeAttObj(await createRegistrationResponse({ ...base, fmt: 'packed', attestation: 'x5c' }));
    const st = packed.get('attStmt') as Map<string, any>;
    expect(st.get('alg')).toBe(-7);
    expect(st.get('x5c').length).toBe(2); // leaf + intermediate, root omitted
    const leaf = new X509Certificate(Buffer.from(st.get('x5c')[0]));
    const inter = new X509Certificate(Buffer.from(st.get('x5c')[1]));
    expect(leaf.verify(inter.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    const r = await createRegistrationResponse({ ...base, fmt: 'fido-u2f' });
    const u2f = decodeAttObj(r);
    const ust = u2f.get('attStmt') as Map<string, any>;
    expect(ust.get('x5c').length).toBe(1); // §8.6: exactly one certificate
    const m = cbor.decode(c.publicKey) as Map<number, Uint8Array>;
    const data = cat(new Uint8Array([0]), sha256(RP), sha256(b64u(r.response.clientDataJSON)), c.id, new Uint8Array([4]), m.get(-2)!, m.get(-3)!);
    const u2fLeaf = new X509Certificate(Buffer.from(ust.get('x5c')[0]));
    expect(verify('sha256', data, { key: u2fLeaf.publicKey, dsaEncoding: 'der' }, ust.get('sig'))).toBe(true);
    const packedData = cat(packed.get('authData'), sha256(b64u(JSON.stringify({})))); // wrong data: must not verify
    expect(verify('sha256', packedData, { key: leaf.publicKey, dsaEncoding: 'der' }, st.get('sig'))).toBe(false);
  });

  it('fido-u2f with a non-P-256 key, unknown fmt → ERR_OPTIONS_INVALID', async () => {
    const base = { challenge: CHALLENGE, origin: ORIGIN, rpId: RP };
    const att = creds.get(-7)!;
    await expect(createRegistrationResponse({ ...base, credential: creds.get(-8)!, fmt: 'fido-u2f', x5c: { certificates: [], privateKey: att.privateKey } })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(createRegistrationResponse({ ...base, credential: att, fmt: 'tpm' as never })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
  });
});

describe('assertion', () => {
  it.each(SUPPORTED_TEST_ALGS.map((a) => [a]))('alg %i: signature verifies with node:crypto; counter advances', async (alg) => {
    const c = creds.get(alg)!;
    const before = c.signCount;
    const r = await createAssertionResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP });
    expect(c.signCount).toBe(before + 1);
    const ad = b64u(r.response.authenticatorData);
    expect(parseAuthData(ad).counter).toBe(before + 1);
    expect(ad.length).toBe(37);
    expect(ad[32]).toBe(0x05); // UP | UV
    expect(hex(ad.subarray(0, 32))).toBe(hex(sha256(RP)));
    const cdj = Buffer.from(b64u(r.response.clientDataJSON)).toString();
    expect(JSON.parse(cdj).type).toBe('webauthn.get');
    expect(nodeVerify(c.publicKey, cat(ad, sha256(b64u(r.response.clientDataJSON))), b64u(r.response.signature))).toBe(true);
    expect(r.response.userHandle).toBe(b64(c.userHandle));
    expect(r.id).toBe(b64(c.id));
  });

  it('explicit signCount leaves the credential counter alone; userHandle null is omitted; extensions set ED', async () => {
    const c = await createTestCredential({ signCount: 10 });
    const r = await createAssertionResponse({ credential: c, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, signCount: 3, userHandle: null, extensions: { credBlob: new Uint8Array([1]) }, flags: { uv: false, be: true } });
    expect(c.signCount).toBe(10);
    const ad = b64u(r.response.authenticatorData);
    expect(parseAuthData(ad).counter).toBe(3);
    expect(ad[32]).toBe(0x01 | 0x08 | 0x80);
    expect([...(cbor.decode(ad.subarray(37)) as Map<string, Uint8Array>).keys()]).toEqual(['credBlob']);
    expect('userHandle' in r.response).toBe(false);
    await expect(createAssertionResponse({ credential: { ...c, signCount: 0xffffffff }, challenge: CHALLENGE, origin: ORIGIN, rpId: RP })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
  });
});

describe('faults', () => {
  const c = () => creds.get(-7)!;
  const reg = (faults: any, extra: any = {}) => createRegistrationResponse({ credential: c(), challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', faults, ...extra });
  const asr = (faults: any, extra: any = {}) => createAssertionResponse({ credential: c(), challenge: CHALLENGE, origin: ORIGIN, rpId: RP, faults, ...extra });
  const cd = (r: any) => Buffer.from(b64u(r.response.clientDataJSON)).toString();
  const assertionValid = (r: any) => nodeVerify(c().publicKey, cat(b64u(r.response.authenticatorData), sha256(b64u(r.response.clientDataJSON))), b64u(r.response.signature));
  const packedValid = (r: any) => {
    const ao = decodeAttObj(r);
    return nodeVerify(c().publicKey, cat(ao.get('authData'), sha256(b64u(r.response.clientDataJSON))), ao.get('attStmt').get('sig'));
  };

  it('type / omitClientDataField / clientDataJSON / mutateClientData (signed as sent)', async () => {
    const t = await asr({ type: 'webauthn.create' });
    expect(JSON.parse(cd(t)).type).toBe('webauthn.create');
    expect(assertionValid(t)).toBe(true);
    for (const f of ['type', 'challenge', 'origin'] as const) {
      const r = await reg({ omitClientDataField: f });
      expect(f in JSON.parse(cd(r))).toBe(false);
      expect(packedValid(r)).toBe(true);
    }
    const raw = await asr({ clientDataJSON: '{"type":"webauthn.get","type":"x"}' });
    expect(cd(raw)).toBe('{"type":"webauthn.get","type":"x"}');
    expect(assertionValid(raw)).toBe(true);
    const m = await asr({ mutateClientData: (o: any) => ({ ...o, origin: 'https://evil.example' }) });
    expect(JSON.parse(cd(m)).origin).toBe('https://evil.example');
    expect(assertionValid(m)).toBe(true);
  });

  it('mutateAuthData and trailingAuthDataBytes apply before signing; mutateAuthDataAfterSigning after', async () => {
    const flip = (b: Uint8Array) => { b[32] ^= 0x04; return b; };
    const before = await asr({ mutateAuthData: flip });
    expect(b64u(before.response.authenticatorData)[32]).toBe(0x01);
    expect(assertionValid(before)).toBe(true);
    const after = await asr({ mutateAuthDataAfterSigning: flip });
    expect(b64u(after.response.authenticatorData)[32]).toBe(0x01);
    expect(assertionValid(after)).toBe(false);
    const trail = await reg({ trailingAuthDataBytes: new Uint8Array([0xde, 0xad]) });
    const ad = decodeAttObj(trail).get('authData') as Uint8Array;
    expect(hex(ad.subarray(-2))).toBe('dead');
    expect(parseAuthData(ad, c().publicKey.length).rest.length).toBe(2);
    expect(packedValid(trail)).toBe(true);
  });

  it('rpIdHash / rawFlags / aaguid / credentialIdInAuthData / omitAttestedCredentialData', async () => {
    const h = await asr({ rpIdHash: new Uint8Array(32).fill(0xee) });
    expect(hex(b64u(h.response.authenticatorData).subarray(0, 32))).toBe('ee'.repeat(32));
    expect(assertionValid(h)).toBe(true);
    const f = await asr({ rawFlags: 0x27 });
    expect(b64u(f.response.authenticatorData)[32]).toBe(0x27);
    const other = new Uint8Array([9, 9, 9]);
    const r = await reg({ aaguid: new Uint8Array(16).fill(0xaa), credentialIdInAuthData: other });
    const ad = parseAuthData(decodeAttObj(r).get('authData'), c().publicKey.length);
    expect(hex(ad.aaguid)).toBe('aa'.repeat(16));
    expect(hex(ad.credId)).toBe('090909');
    expect(r.id).toBe(b64(c().id));
    expect(packedValid(r)).toBe(true);
    const o = await reg({ omitAttestedCredentialData: true });
    const oad = decodeAttObj(o).get('authData') as Uint8Array;
    expect(oad.length).toBe(37);
    expect(oad[32] & 0x40).toBe(0x40);
  });

  it('corruptSignature and signWith make node:crypto verification fail', async () => {
    expect(assertionValid(await asr({ corruptSignature: true }))).toBe(false);
    expect(packedValid(await reg({ corruptSignature: true }))).toBe(false);
    const other = creds.get(-35)!;
    const w = await asr({ signWith: other.privateKey });
    expect(assertionValid(w)).toBe(false);
    expect(nodeVerify(other.publicKey, cat(b64u(w.response.authenticatorData), sha256(b64u(w.response.clientDataJSON))), b64u(w.response.signature))).toBe(true);
  });

  it('attStmt / mutateAttStmt / fmt / attestationObjectExtraKeys / trailingAttestationObjectBytes', async () => {
    const a = await reg({ attStmt: { alg: -7 } });
    expect([...decodeAttObj(a).get('attStmt').entries()]).toEqual([['alg', -7]]);
    const m = await reg({ mutateAttStmt: (s: Map<unknown, unknown>) => { s.set('alg', -257); return s; } });
    expect(decodeAttObj(m).get('attStmt').get('alg')).toBe(-257);
    const f = await reg({ fmt: 'none' });
    expect(decodeAttObj(f).get('fmt')).toBe('none');
    expect(decodeAttObj(f).get('attStmt').size).toBe(2);
    const x = await reg({ attestationObjectExtraKeys: { extra: 1 } });
    expect(decodeAttObj(x).get('extra')).toBe(1);
    const t = await reg({ trailingAttestationObjectBytes: new Uint8Array([0]) });
    expect(() => cbor.decode(b64u(t.response.attestationObject))).toThrow();
    expect(b64u(t.response.attestationObject).at(-1)).toBe(0);
  });

  it('responseId / rawId / omitUserHandle', async () => {
    const r = await asr({ responseId: 'AAAA', rawId: 'BBBB', omitUserHandle: true });
    expect(r.id).toBe('AAAA');
    expect(r.rawId).toBe('BBBB');
    expect(r.response.userHandle).toBeUndefined();
    const g = await reg({ responseId: 'CCCC' });
    expect(g.id).toBe('CCCC');
    expect(g.rawId).toBe(b64(c().id));
  });
});

describe('builders and helpers', () => {
  it('buildAuthenticatorData writes exactly the requested layout', async () => {
    const ad = await buildAuthenticatorData({ rpId: RP, signCount: 5, flags: { up: false, uv: false } });
    expect(hex(ad)).toBe(hex(sha256(RP)) + '00' + '00000005');
    await expect(buildAuthenticatorData({ rpId: RP, signCount: -1 })).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(
      buildAuthenticatorData({ rpId: RP, signCount: 0, attestedCredentialData: { aaguid: new Uint8Array(16), credentialId: new Uint8Array(65536), publicKey: new Uint8Array(0) } }),
    ).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
  });

  it('buildClientDataJSON keeps §5.8.1.1 member order', () => {
    const { json } = buildClientDataJSON({ type: 'webauthn.get', challenge: 'AA', origin: ORIGIN });
    expect(json).toBe(`{"type":"webauthn.get","challenge":"AA","origin":"${ORIGIN}","crossOrigin":false}`);
  });

  it('jwkToCoseKey rejects keys it cannot express', () => {
    expect(() => jwkToCoseKey({ kty: 'EC', crv: 'secp256k1', x: 'AA', y: 'AA' }, -47)).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
    expect(() => jwkToCoseKey({ kty: 'oct', k: 'AA' }, -7)).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
    expect(() => jwkToCoseKey({ kty: 'RSA', n: 'AQAB' }, -257)).toThrow(expect.objectContaining({ code: 'ERR_OPTIONS_INVALID' }));
  });

  it('signWebAuthn refuses a key that does not fit the alg', async () => {
    await expect(signWebAuthn(creds.get(-53)!.privateKey, -48, new Uint8Array(1))).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
    await expect(signWebAuthn(creds.get(-8)!.privateKey, -7, new Uint8Array(1))).rejects.toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
  });
});

describe('scripts/generate-fixtures.mjs (run against src/testing)', () => {
  let cases: any[];
  beforeAll(async () => {
    cases = await generateFixtureCases(testingApi);
  }, 120_000);

  it('emits cases in the shared vector format with unique ids', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(Object.keys(c).every((k) => ['id', 'source', 'ceremony', 'response', 'expected', 'credential', 'trustAnchors', 'result'].includes(k))).toBe(true);
      expect(['registration', 'authentication']).toContain(c.ceremony);
      expect(c.expected).toMatchObject({ origin: 'https://example.com', rpId: 'example.com', now: FIXTURE_NOW });
      expect(typeof c.expected.requireUserVerification).toBe('boolean');
      expect(c.result.verified === true || (c.result.verified === false && typeof c.result.why === 'string')).toBe(true);
      if (c.ceremony === 'authentication') expect(c.credential).toMatchObject({ id: expect.any(String), publicKey: expect.any(String), counter: expect.any(Number) });
    }
    const fmts = cases.filter((c) => c.ceremony === 'registration' && c.result.verified).map((c) => `${c.result.fmt}/${c.result.alg}`);
    for (const want of ['none/-7', 'none/-257', 'none/-8', 'packed/-7', 'packed/-257', 'packed/-8', 'fido-u2f/-7']) expect(fmts).toContain(want);
    expect(cases.filter((c) => !c.result.verified).length).toBeGreaterThanOrEqual(6);
  });

  it('positive assertions verify with node:crypto against the stored key, and the counter is higher', () => {
    for (const c of cases.filter((x) => x.ceremony === 'authentication' && x.result.verified)) {
      const ad = b64u(c.response.response.authenticatorData);
      const ok = nodeVerify(b64u(c.credential.publicKey), cat(ad, sha256(b64u(c.response.response.clientDataJSON))), b64u(c.response.response.signature));
      expect(ok, c.id).toBe(true);
      expect(parseAuthData(ad).counter).toBe(c.result.counter);
      expect(c.result.counter).toBeGreaterThan(c.credential.counter);
      expect(JSON.parse(Buffer.from(b64u(c.response.response.clientDataJSON)).toString()).challenge).toBe(c.expected.challenge);
    }
  });

  it('x5c cases chain to their trust anchors (node:crypto X509Certificate)', () => {
    const withAnchors = cases.filter((c) => c.trustAnchors);
    expect(withAnchors.length).toBe(4);
    for (const c of withAnchors) {
      const st = decodeAttObj(c.response).get('attStmt') as Map<string, any>;
      const certs = st.get('x5c').map((d: Uint8Array) => new X509Certificate(Buffer.from(d)));
      const anchor = new X509Certificate(c.trustAnchors[0]);
      for (let i = 0; i < certs.length; i++) expect(certs[i].verify((certs[i + 1] ?? anchor).publicKey), c.id).toBe(true);
      const now = new Date(FIXTURE_NOW);
      for (const cert of [...certs, anchor]) {
        expect(new Date(cert.validFrom) <= now && now <= new Date(cert.validTo), c.id).toBe(true);
      }
    }
  });

  it('each negative differs from a valid response in the way its `why` says', () => {
    const neg = Object.fromEntries(cases.filter((c) => !c.result.verified).map((c) => [c.id, c]));
    const cd = (c: any) => JSON.parse(Buffer.from(b64u(c.response.response.clientDataJSON)).toString());
    expect(cd(neg['swauth-none-es256-wrong-challenge-reg']).challenge).not.toBe(neg['swauth-none-es256-wrong-challenge-reg'].expected.challenge);
    expect(cd(neg['swauth-es256-wrong-challenge-auth']).challenge).not.toBe(neg['swauth-es256-wrong-challenge-auth'].expected.challenge);
    const bad = neg['swauth-es256-bad-signature-auth'];
    expect(nodeVerify(b64u(bad.credential.publicKey), cat(b64u(bad.response.response.authenticatorData), sha256(b64u(bad.response.response.clientDataJSON))), b64u(bad.response.response.signature))).toBe(false);
    const reg = neg['swauth-es256-counter-regression-auth'];
    expect(parseAuthData(b64u(reg.response.response.authenticatorData)).counter).toBeLessThan(reg.credential.counter);
    const uv = neg['swauth-es256-uv-required-auth'];
    expect(uv.expected.requireUserVerification).toBe(true);
    expect(b64u(uv.response.response.authenticatorData)[32]! & 0x04).toBe(0);
    const rp = neg['swauth-none-es256-wrong-rpid-reg'];
    expect(hex(decodeAttObj(rp.response).get('authData').subarray(0, 32))).not.toBe(hex(sha256('example.com')));
  });
});
