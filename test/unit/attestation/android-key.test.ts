import { describe, expect, it } from 'vitest';
import { checkAuthorizations, verifyAndroidKey } from '../../../src/attestation/android-key/android-key.js';
import type { AuthorizationList } from '../../../src/attestation/android-key/key-description.js';
import type { CborMap } from '../../../src/cbor/decode.js';
import { toHex } from '../../../src/encoding/bytes.js';
import { DEFAULT_POLICY, registrationCases, vectorAttestation, withField } from '../../helpers/attestation-vectors.js';

const S9 = 'swa-android-key-galaxy-s9-reg';
const FIDO = 'swa-android-key-reg';

function load(id: string) {
  const c = registrationCases('android-key').find((x) => x.id === id);
  if (!c) throw new Error(`missing vector ${id}`);
  return vectorAttestation(c);
}
const x5c = (m: CborMap) => m.get('x5c') as Uint8Array[];

/** Replaces the first occurrence of `from` (hex) in the leaf DER with `to` (same length). */
function patchLeaf(attStmt: CborMap, from: string, to: string): CborMap {
  const [leaf, ...rest] = x5c(attStmt);
  const hex = toHex(leaf!);
  const at = hex.indexOf(from);
  if (at < 0 || at % 2 !== 0 || from.length !== to.length) throw new Error(`pattern ${from} not found`);
  const patched = Buffer.from(hex.slice(0, at) + to + hex.slice(at + from.length), 'hex');
  return withField(attStmt, 'x5c', [new Uint8Array(patched), ...rest]);
}

describe('android-key: real vectors', () => {
  for (const c of registrationCases('android-key')) {
    it(`${c.id}`, async () => {
      const { attStmt, ctx } = vectorAttestation(c);
      if (c.id === 'w3c-android-key-es256-reg') {
        // Known disagreement (docs/attestation.md): the W3C vector's KeyDescription has EMPTY
        // softwareEnforced and teeEnforced lists, so §8.4's origin/purpose checks cannot hold.
        await expect(verifyAndroidKey(attStmt, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_ORIGIN' });
        await expect(
          verifyAndroidKey(attStmt, { ...ctx, policy: { ...DEFAULT_POLICY, androidKeyAllowSoftwareEnforced: true } }),
        ).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_ORIGIN' });
        return;
      }
      const r = await verifyAndroidKey(attStmt, ctx);
      expect(r).toMatchObject({ fmt: 'android-key', type: 'basic', trusted: c.trustAnchors !== undefined });
      expect(r.trustPath.length).toBe(x5c(attStmt).length);
    });
  }

  it('Galaxy S9 chain is rejected against a different root', async () => {
    const { attStmt, ctx } = load(S9);
    const { ctx: apple } = vectorAttestation(registrationCases('apple').find((c) => c.id === 'swa-apple-iphone-reg')!);
    await expect(verifyAndroidKey(attStmt, { ...ctx, trustAnchors: apple.trustAnchors })).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_X509_/),
    });
  });

  it('verifies under the softwareEnforced-union policy too', async () => {
    const { attStmt, ctx } = load(FIDO);
    const r = await verifyAndroidKey(attStmt, { ...ctx, policy: { ...DEFAULT_POLICY, androidKeyAllowSoftwareEnforced: true } });
    expect(r.type).toBe('basic');
  });
});

describe('android-key: statement shape', () => {
  const cases: Array<[string, (m: CborMap) => CborMap, string]> = [
    ['alg missing', (m) => withField(m, 'alg', undefined), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['alg text', (m) => withField(m, 'alg', 'ES256'), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['sig missing', (m) => withField(m, 'sig', undefined), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['sig empty', (m) => withField(m, 'sig', new Uint8Array()), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['unknown key', (m) => withField(m, 'ver', '1'), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['x5c missing', (m) => withField(m, 'x5c', undefined), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['x5c empty', (m) => withField(m, 'x5c', []), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['alg of another key type', (m) => withField(m, 'alg', -257), 'ERR_ATTESTATION_ALG_MISMATCH'],
  ];
  for (const [name, mutate, code] of cases) {
    it(`rejects ${name}`, async () => {
      const { attStmt, ctx } = load(FIDO);
      await expect(verifyAndroidKey(mutate(attStmt), ctx)).rejects.toMatchObject({ code });
    });
  }
});

describe('android-key: generated faults (SECURITY-CHECKLIST android-key items)', () => {
  it('attestationChallenge ≠ clientDataHash → ERR_ATTESTATION_ANDROID_KEY_CHALLENGE_MISMATCH', async () => {
    const { attStmt, ctx } = load(FIDO);
    const other = ctx.clientDataHash.slice();
    other[31] ^= 0x01;
    await expect(verifyAndroidKey(attStmt, { ...ctx, clientDataHash: other })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ANDROID_KEY_CHALLENGE_MISMATCH',
    });
  });

  it('leaf key ≠ credential key → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const { attStmt, ctx } = load(FIDO);
    const { ctx: s9 } = load(S9);
    await expect(verifyAndroidKey(attStmt, { ...ctx, credentialKey: s9.credentialKey })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_KEY_MISMATCH',
    });
  });

  it('certificates out of order → ERR_ATTESTATION_KEY_MISMATCH (the first certificate is the CA)', async () => {
    const { attStmt, ctx } = load(S9);
    await expect(verifyAndroidKey(withField(attStmt, 'x5c', [...x5c(attStmt)].reverse()), ctx)).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_ATTESTATION_(KEY_MISMATCH|ALG_MISMATCH)$/),
    });
  });

  it('leaf without the key description extension → ERR_ATTESTATION_ANDROID_KEY_EXTENSION_MISSING', async () => {
    const { attStmt, ctx } = load(FIDO);
    // Rename the extension OID (…11129.2.1.17 → …11129.2.1.18); the attestation signature does not cover it.
    const patched = patchLeaf(attStmt, '2b06010401d679020111', '2b06010401d679020112');
    await expect(verifyAndroidKey(patched, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_EXTENSION_MISSING' });
  });

  it('teeEnforced origin ≠ KM_ORIGIN_GENERATED → ERR_ATTESTATION_ANDROID_KEY_ORIGIN', async () => {
    const { attStmt, ctx } = load(FIDO);
    await expect(verifyAndroidKey(patchLeaf(attStmt, 'bf853e03020100', 'bf853e03020101'), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ANDROID_KEY_ORIGIN',
    });
  });

  it('teeEnforced purpose without SIGN → ERR_ATTESTATION_ANDROID_KEY_PURPOSE', async () => {
    const { attStmt, ctx } = load(FIDO);
    await expect(verifyAndroidKey(patchLeaf(attStmt, 'a1053103020102', 'a1053103020103'), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ANDROID_KEY_PURPOSE',
    });
  });

  it('allApplications [600] present → ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS', async () => {
    const { attStmt, ctx } = load(FIDO);
    // Turn teeEnforced [703] NULL into [600] NULL.
    await expect(verifyAndroidKey(patchLeaf(attStmt, 'bf853f020500', 'bf8458020500'), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS',
    });
  });

  it('malformed key description → ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID', async () => {
    const { attStmt, ctx } = load(FIDO);
    // attestationSecurityLevel ENUMERATED → BOOLEAN.
    await expect(verifyAndroidKey(patchLeaf(attStmt, '0201020a0100', '020102010100'), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID',
    });
  });

  it('a leaf whose CA signature is broken passes every content check and then fails the chain', async () => {
    const { attStmt, ctx } = load(S9);
    const [leaf, ...rest] = x5c(attStmt);
    const broken = leaf!.slice();
    broken[broken.length - 2] ^= 0x01; // inside the certificate's signatureValue
    await expect(verifyAndroidKey(withField(attStmt, 'x5c', [broken, ...rest]), ctx)).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_X509_/),
    });
  });

  it('sig changed → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { attStmt, ctx } = load(FIDO);
    const sig = (attStmt.get('sig') as Uint8Array).slice();
    sig[sig.length - 1] ^= 0x01;
    await expect(verifyAndroidKey(withField(attStmt, 'sig', sig), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SIGNATURE_INVALID',
    });
  });
});

describe('android-key: origin/purpose scope', () => {
  const list = (p: Partial<AuthorizationList>): AuthorizationList => ({
    purpose: undefined,
    allApplications: false,
    origin: undefined,
    tags: [],
    ...p,
  });
  const code = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return (e as { code: string }).code;
    }
    return 'ok';
  };
  it('teeEnforced only by default', () => {
    expect(code(() => checkAuthorizations([list({ origin: 0, purpose: [2] })], 'tee'))).toBe('ok');
    expect(code(() => checkAuthorizations([list({ purpose: [2] })], 'tee'))).toBe('ERR_ATTESTATION_ANDROID_KEY_ORIGIN');
    expect(code(() => checkAuthorizations([list({ origin: 1, purpose: [2] })], 'tee'))).toBe('ERR_ATTESTATION_ANDROID_KEY_ORIGIN');
    expect(code(() => checkAuthorizations([list({ origin: 0, purpose: [3] })], 'tee'))).toBe('ERR_ATTESTATION_ANDROID_KEY_PURPOSE');
    expect(code(() => checkAuthorizations([list({ origin: 0 })], 'tee'))).toBe('ERR_ATTESTATION_ANDROID_KEY_PURPOSE');
  });
  it('the union accepts values from softwareEnforced but never a conflicting origin', () => {
    const tee = list({});
    const sw = list({ origin: 0, purpose: [2, 3] });
    expect(code(() => checkAuthorizations([tee, sw], 'union'))).toBe('ok');
    expect(code(() => checkAuthorizations([list({ origin: 1 }), sw], 'union'))).toBe('ERR_ATTESTATION_ANDROID_KEY_ORIGIN');
  });
});
