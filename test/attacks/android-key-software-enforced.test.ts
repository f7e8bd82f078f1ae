/**
 * Attack (issue 11, mutation survivor): an android-key certificate whose KeyDescription carries
 * `origin = KM_ORIGIN_GENERATED` and `purpose = KM_PURPOSE_SIGN` only in `softwareEnforced`, with an
 * empty `teeEnforced` list: a key that Android software (not the TEE) vouches for.
 *
 * Clause: WebAuthn L3 §8.4 verification procedure, step 3 ("The AuthorizationList.origin field is
 * equal to KM_ORIGIN_GENERATED" and "AuthorizationList.purpose field is equal to KM_PURPOSE_SIGN",
 * "in the teeEnforced authorization list, or the union of teeEnforced and softwareEnforced if the RP
 * wants to accept keys from the software"). Our default is teeEnforced only
 * (docs/security.md, `androidKeyAllowSoftwareEnforced: false`); the whole statement here is valid
 * otherwise (challenge, key, signature), so only that policy can refuse it.
 *
 * Also: `allApplications` in softwareEnforced. §8.4 step 3: "The AuthorizationList.allApplications
 * field is not present on either authorization list" — software-enforced lists included, whatever
 * the origin/purpose policy.
 */
import { describe, expect, it } from 'vitest';
import { verifyAndroidKey } from '../../src/attestation/android-key/android-key.js';
import type { CborMap } from '../../src/cbor/decode.js';
import { concat } from '../../src/encoding/bytes.js';
import { issueTestCertificate } from '../../src/testing/index.js';
import { buildAuthData, ecCredential, makeContext, sha256 } from '../helpers/attestation-context.js';

// DER for the KeyDescription (Android "Key and ID attestation" schema, docs in android-key-description.ts).
function len(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}
const tlv = (tag: number[], content: number[]) => [...tag, ...len(content.length), ...content];
const seq = (...items: number[][]) => tlv([0x30], items.flat());
const set = (...items: number[][]) => tlv([0x31], items.flat());
const int = (v: number) => tlv([0x02], [v]);
const enm = (v: number) => tlv([0x0a], [v]);
const oct = (b: Iterable<number>) => tlv([0x04], [...b]);
/** [tag] EXPLICIT, high-tag-number form for tags ≥ 31 (702 = 0x05 0x3e in base 128). */
const explicit = (tag: number, inner: number[]) => (tag < 31 ? tlv([0xa0 | tag], inner) : tlv([0xbf, 0x80 | (tag >> 7), tag & 0x7f], inner));
/** purpose [1] = { SIGN(2) }, origin [702] = GENERATED(0). */
const SIGN_GENERATED = [explicit(1, set(int(2))), explicit(702, int(0))];

function keyDescription(challenge: Uint8Array, lists: { sw: number[][]; tee: number[][] }): Uint8Array {
  return new Uint8Array(seq(int(3), enm(1), int(4), enm(1), oct(challenge), oct([]), seq(...lists.sw), seq(...lists.tee)));
}

async function statement(lists: { sw: number[][]; tee: number[][] }) {
  const cred = await ecCredential('P-256');
  const authData = buildAuthData();
  const clientDataHash = sha256(new Uint8Array([1, 2, 3]));
  const now = new Date();
  const leaf = await issueTestCertificate({
    subject: [['CN', 'Android Keystore Key']],
    publicKey: cred.keys.publicKey,
    signingKey: cred.keys.privateKey,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 86_400_000),
    extensions: [{ oid: '1.3.6.1.4.1.11129.2.1.17', critical: false, valueDer: keyDescription(clientDataHash, lists) }],
  });
  const sig = await cred.sign(concat(authData, clientDataHash));
  const attStmt = new Map<string, unknown>([['alg', -7], ['sig', sig], ['x5c', [leaf.der]]]) as CborMap;
  const ctx = (allow: boolean) => makeContext({ authData, credentialKey: cred.coseKey, clientDataHash, now, policy: { androidKeyAllowSoftwareEnforced: allow } });
  return { attStmt, ctx };
}

describe('attack: android-key origin/purpose only in softwareEnforced (L3 §8.4 step 3)', () => {
  it('default policy (teeEnforced only) → ERR_ATTESTATION_ANDROID_KEY_ORIGIN', async () => {
    const { attStmt, ctx } = await statement({ sw: SIGN_GENERATED, tee: [] });
    await expect(verifyAndroidKey(attStmt, ctx(false))).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_ORIGIN' });
    // The RP that opts into the union accepts the same statement: the lists are the only difference.
    await expect(verifyAndroidKey(attStmt, ctx(true))).resolves.toMatchObject({ fmt: 'android-key', type: 'basic' });
  });

  it('purpose only in softwareEnforced (origin in teeEnforced) → ERR_ATTESTATION_ANDROID_KEY_PURPOSE by default', async () => {
    const { attStmt, ctx } = await statement({ sw: [explicit(1, set(int(2)))], tee: [explicit(702, int(0))] });
    await expect(verifyAndroidKey(attStmt, ctx(false))).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_PURPOSE' });
    await expect(verifyAndroidKey(attStmt, ctx(true))).resolves.toMatchObject({ type: 'basic' });
  });

  it('positive control: origin/purpose in teeEnforced verify under the default policy', async () => {
    const { attStmt, ctx } = await statement({ sw: [], tee: SIGN_GENERATED });
    await expect(verifyAndroidKey(attStmt, ctx(false))).resolves.toMatchObject({ fmt: 'android-key', type: 'basic', trusted: false });
  });
});

describe('attack: android-key allApplications in softwareEnforced (L3 §8.4 step 3, "either list")', () => {
  const ALL_APPLICATIONS = explicit(600, [0x05, 0x00]);
  it('→ ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS under both policies', async () => {
    const { attStmt, ctx } = await statement({ sw: [ALL_APPLICATIONS], tee: SIGN_GENERATED });
    await expect(verifyAndroidKey(attStmt, ctx(false))).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS' });
    await expect(verifyAndroidKey(attStmt, ctx(true))).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS' });
  });
  it('and in teeEnforced', async () => {
    const { attStmt, ctx } = await statement({ sw: [], tee: [...SIGN_GENERATED.slice(0, 1), ALL_APPLICATIONS, ...SIGN_GENERATED.slice(1)] });
    await expect(verifyAndroidKey(attStmt, ctx(false))).rejects.toMatchObject({ code: 'ERR_ATTESTATION_ANDROID_KEY_ALL_APPLICATIONS' });
  });
});
