/**
 * FIDO2 server conformance, attestationObject and authenticatorData structure (SECURITY-CHECKLIST.md
 * §6): Server-ServerAuthenticatorAttestationResponse-Resp-3 and
 * Server-ServerAuthenticatorAssertionResponse-Resp-3, plus the checklist's "CBOR / authData
 * structure" lines. Faulty authData is signed by the software authenticator (pre-signing faults),
 * so the structure check, not the signature, must catch it.
 *
 * UP = 0: the conformance items P-4/P-7 expect success, WebAuthn L3 §7.1 step 14 / §7.2 step 16
 * require UP. We follow the spec by default (`requireUserPresence` defaults to true); a conformance
 * run sets it to false. Both settings are tested.
 */
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../src/testing/cbor-encode.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { FLAG, createTestCredential, encodeAttestedCredentialData } from '../../src/testing/index.js';
import {
  cloneJson,
  editAttestationObject,
  expectCode,
  makeAssertion,
  makeRegistration,
  verifyAuth,
  verifyReg,
} from './helpers.js';

const { UP, UV, BS, AT, ED } = FLAG;

describe('Server-ServerAuthenticatorAttestationResponse-Resp-3 (attestationObject, authData)', () => {
  it('Resp-3 P-1: packed with extension data and ED set is accepted', async () => {
    const c = await makeRegistration({ fmt: 'packed', extensions: { credProtect: 2 } });
    const v = await verifyReg(c);
    expect(v.extensions).toEqual({ credProtect: 2 });
  });

  it('Resp-3 F: attestationObject not a CBOR map (an array) → ERR_ATTESTATION_OBJECT_INVALID', async () => {
    const c = await makeRegistration();
    await expectCode(verifyReg(c, {}, editAttestationObject(c.response, (m) => [...m.values()] as never)), 'ERR_ATTESTATION_OBJECT_INVALID');
  });
  it('Resp-3 F: attestationObject not CBOR at all → an ERR_CBOR_* code', async () => {
    const c = await makeRegistration();
    const r = cloneJson(c.response);
    r.response.attestationObject = encodeBase64url(new Uint8Array([0xa3, 0x63, 0x66, 0x6d])); // truncated map
    await expectCode(verifyReg(c, {}, r), 'ERR_CBOR_TRUNCATED');
  });
  it('checklist (ours): bytes after the attestationObject map → ERR_CBOR_TRAILING_BYTES', async () => {
    const c = await makeRegistration({ faults: { trailingAttestationObjectBytes: new Uint8Array([0x00]) } });
    await expectCode(verifyReg(c), 'ERR_CBOR_TRAILING_BYTES');
  });
  it('stricter than the spec: an unknown top-level member → ERR_ATTESTATION_OBJECT_INVALID', async () => {
    const c = await makeRegistration({ faults: { attestationObjectExtraKeys: { extra: 1 } } });
    await expectCode(verifyReg(c), 'ERR_ATTESTATION_OBJECT_INVALID');
  });

  const members: ReadonlyArray<readonly [string, (m: Map<unknown, unknown>) => void]> = [
    ['fmt missing', (m) => m.delete('fmt')],
    ['fmt not a text string', (m) => m.set('fmt', 1)],
    ['fmt empty', (m) => m.set('fmt', '')],
    ['attStmt missing', (m) => m.delete('attStmt')],
    ['attStmt not a map', (m) => m.set('attStmt', [])],
    ['authData missing', (m) => m.delete('authData')],
    ['authData not a byte string', (m) => m.set('authData', 'abc')],
    ['authData empty', (m) => m.set('authData', new Uint8Array(0))],
  ];
  for (const [name, edit] of members) {
    it(`Resp-3 F: ${name} → ERR_ATTESTATION_OBJECT_INVALID`, async () => {
      const c = await makeRegistration();
      const r = editAttestationObject(c.response, (m) => (edit(m), m));
      await expectCode(verifyReg(c, {}, r), 'ERR_ATTESTATION_OBJECT_INVALID');
    });
  }

  it('Resp-3 F: AT clear but attested credential data present → ERR_AUTH_DATA_TRAILING_BYTES', async () => {
    const c = await makeRegistration({ faults: { rawFlags: UP | UV } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('Resp-3 F: AT clear and no attested credential data (registration needs it) → ERR_AUTH_DATA_ATTESTED_DATA_MISSING', async () => {
    const c = await makeRegistration({ faults: { rawFlags: UP | UV, omitAttestedCredentialData: true } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_ATTESTED_DATA_MISSING');
  });
  it('Resp-3 F: AT set but no attested credential data → ERR_AUTH_DATA_FLAGS_INCONSISTENT', async () => {
    const c = await makeRegistration({ faults: { omitAttestedCredentialData: true } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT');
  });
  it('Resp-3 F: leftover bytes after attested credential data → ERR_AUTH_DATA_TRAILING_BYTES', async () => {
    const c = await makeRegistration({ fmt: 'packed', faults: { trailingAuthDataBytes: new Uint8Array([0x00, 0x01]) } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('checklist: leftover bytes after the extensions → ERR_AUTH_DATA_TRAILING_BYTES', async () => {
    const c = await makeRegistration({ extensions: { credProtect: 1 }, faults: { trailingAuthDataBytes: new Uint8Array([0xf6]) } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('checklist: ED set but no extension data → ERR_AUTH_DATA_FLAGS_INCONSISTENT', async () => {
    const c = await makeRegistration({ faults: { rawFlags: UP | UV | AT | ED } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT');
  });
  it('checklist: extension data present but ED clear → ERR_AUTH_DATA_TRAILING_BYTES', async () => {
    const c = await makeRegistration({ extensions: { credProtect: 1 }, faults: { rawFlags: UP | UV | AT } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('checklist: extension data that is not a map → ERR_AUTH_DATA_EXTENSIONS_INVALID', async () => {
    const c = await makeRegistration({ faults: { rawFlags: UP | UV | AT | ED, trailingAuthDataBytes: encodeCbor([1]) } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_EXTENSIONS_INVALID');
  });
  it('checklist: rpIdHash ≠ SHA-256(rpId) → ERR_AUTH_DATA_RP_ID_MISMATCH', async () => {
    const c = await makeRegistration({ faults: { rpIdHash: new Uint8Array(32).fill(7) } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_RP_ID_MISMATCH');
  });
  it('checklist: UV required but UV clear → ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED', async () => {
    const c = await makeRegistration({ flags: { uv: false } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED');
    await expect(verifyReg(c, { requireUserVerification: false })).resolves.toMatchObject({ userVerified: false });
  });
  it('spec §7.1 step 14: UP clear → ERR_AUTH_DATA_USER_PRESENCE_REQUIRED (default); accepted with requireUserPresence: false', async () => {
    const c = await makeRegistration({ flags: { up: false, uv: false } });
    await expectCode(verifyReg(c, { requireUserVerification: false }), 'ERR_AUTH_DATA_USER_PRESENCE_REQUIRED');
    await expect(verifyReg(c, { requireUserVerification: false, requireUserPresence: false })).resolves.toMatchObject({ userPresent: false });
  });
  it('§6.1.3: BS set without BE → ERR_AUTH_DATA_BACKUP_STATE_INVALID', async () => {
    const c = await makeRegistration({ faults: { rawFlags: UP | UV | AT | BS } });
    await expectCode(verifyReg(c), 'ERR_AUTH_DATA_BACKUP_STATE_INVALID');
  });
  it('§7.1 step 25: attested credential id ≠ response id → ERR_RESPONSE_ID_MISMATCH', async () => {
    const c = await makeRegistration({ faults: { credentialIdInAuthData: new Uint8Array(32).fill(1) } });
    await expectCode(verifyReg(c), 'ERR_RESPONSE_ID_MISMATCH');
  });
  it('§7.1 step 19: credential alg the RP did not offer → ERR_COSE_ALG_NOT_ALLOWED', async () => {
    const c = await makeRegistration({ alg: -35 });
    await expectCode(verifyReg(c, { supportedAlgorithms: [-7] }), 'ERR_COSE_ALG_NOT_ALLOWED');
  });
});

describe('Server-ServerAuthenticatorAssertionResponse-Resp-3 (authenticatorData)', () => {
  it('Resp-3 P: counter always 0 (authenticator without a counter) is accepted', async () => {
    const c = await makeAssertion({ signCount: 0 });
    await expect(verifyAuth(c)).resolves.toMatchObject({ newCounter: 0, suspectedClone: false });
  });
  it('Resp-3 P: UV set with UV required', async () => {
    const c = await makeAssertion({ flags: { up: false, uv: true } });
    // UV without UP: accepted only when UP is not required (conformance setting).
    await expect(verifyAuth(c, { requireUserPresence: false })).resolves.toMatchObject({ userVerified: true });
  });
  it('Resp-3 P: UV and UP set with UV required', async () => {
    const c = await makeAssertion({ flags: { up: true, uv: true } });
    await expect(verifyAuth(c, { requireUserVerification: true })).resolves.toMatchObject({ userVerified: true, userPresent: true });
  });
  it('Resp-3 P: UP set with UV discouraged', async () => {
    const c = await makeAssertion({ flags: { up: true, uv: false } });
    await expect(verifyAuth(c, { requireUserVerification: false })).resolves.toMatchObject({ userVerified: false });
  });
  it('Resp-3 P: UV set with UV discouraged', async () => {
    const c = await makeAssertion({ flags: { up: true, uv: true } });
    await expect(verifyAuth(c, { requireUserVerification: false })).resolves.toMatchObject({ userVerified: true });
  });
  for (const pref of ['preferred', 'discouraged']) {
    it(`Resp-3 P (conformance) / F (spec): UV and UP both clear with UV ${pref}`, async () => {
      const c = await makeAssertion({ flags: { up: false, uv: false } });
      // Default (spec §7.2 step 16): refused.
      await expectCode(verifyAuth(c, { requireUserVerification: false }), 'ERR_AUTH_DATA_USER_PRESENCE_REQUIRED');
      // Conformance setting: accepted.
      await expect(verifyAuth(c, { requireUserVerification: false, requireUserPresence: false })).resolves.toMatchObject({
        userPresent: false,
        userVerified: false,
      });
    });
  }
  it('Resp-3 P: extension data with ED set', async () => {
    const c = await makeAssertion({ extensions: { appid: true } });
    await expect(verifyAuth(c)).resolves.toMatchObject({ extensions: { appid: true } });
  });
  it('Resp-3 F: leftover bytes after authData → ERR_AUTH_DATA_TRAILING_BYTES', async () => {
    const c = await makeAssertion({ faults: { trailingAuthDataBytes: new Uint8Array([0]) } });
    await expectCode(verifyAuth(c), 'ERR_AUTH_DATA_TRAILING_BYTES');
  });
  it('Resp-3 F: wrong rpIdHash → ERR_AUTH_DATA_RP_ID_MISMATCH', async () => {
    const c = await makeAssertion({ rpId: 'evil.example' });
    await expectCode(verifyAuth(c), 'ERR_AUTH_DATA_RP_ID_MISMATCH');
  });
  it('Resp-3 F: signature over a different clientDataHash → ERR_SIGNATURE_INVALID', async () => {
    const c = await makeAssertion();
    const other = await makeAssertion({ credential: c.credential, challenge: c.challenge, signCount: 1, clientDataExtra: { x: 1 } });
    const r = cloneJson(c.response);
    r.response.clientDataJSON = other.response.response.clientDataJSON; // same challenge/origin, other bytes
    await expectCode(verifyAuth(c, {}, r), 'ERR_SIGNATURE_INVALID');
  });
  it('Resp-3 F: counter not increased → ERR_COUNTER_REGRESSION (stored 5, received 5 and 0)', async () => {
    for (const received of [5, 0, 4]) {
      const c = await makeAssertion({ signCount: received });
      await expectCode(verifyAuth(c, { credential: { id: encodeBase64url(c.credential.id), publicKey: c.credential.publicKey, counter: 5 } }), 'ERR_COUNTER_REGRESSION');
    }
  });
  it('counterPolicy "report": a non-increasing counter is reported, the stored value kept', async () => {
    const c = await makeAssertion({ signCount: 3 });
    const v = await verifyAuth(c, {
      counterPolicy: 'report',
      credential: { id: encodeBase64url(c.credential.id), publicKey: c.credential.publicKey, counter: 5 },
    });
    expect(v).toMatchObject({ suspectedClone: true, newCounter: 5 });
  });
  it('Resp-3 F: only UP set when UV required → ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED', async () => {
    const c = await makeAssertion({ flags: { up: true, uv: false } });
    await expectCode(verifyAuth(c, { requireUserVerification: true }), 'ERR_AUTH_DATA_USER_VERIFICATION_REQUIRED');
  });
  it('checklist: AT set in an assertion without attested data → ERR_AUTH_DATA_FLAGS_INCONSISTENT', async () => {
    const c = await makeAssertion({ faults: { rawFlags: UP | UV | AT } });
    await expectCode(verifyAuth(c), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT');
  });
  it('stricter than §7.2: AT set with attested data in an assertion → ERR_AUTH_DATA_ATTESTED_DATA_UNEXPECTED', async () => {
    const credential = await createTestCredential();
    const acd = encodeAttestedCredentialData({ aaguid: credential.aaguid, credentialId: credential.id, publicKey: credential.publicKey });
    const c = await makeAssertion({ credential, faults: { rawFlags: UP | UV | AT, trailingAuthDataBytes: acd } });
    await expectCode(verifyAuth(c), 'ERR_AUTH_DATA_ATTESTED_DATA_UNEXPECTED');
  });
  it('§7.2: backup eligibility changed since registration → ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED', async () => {
    const c = await makeAssertion({ flags: { be: true } });
    await expectCode(
      verifyAuth(c, { credential: { id: encodeBase64url(c.credential.id), publicKey: c.credential.publicKey, counter: 0, backupEligible: false } }),
      'ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED',
    );
    const ok = await makeAssertion({ flags: { be: true, bs: true } });
    await expect(verifyAuth(ok)).resolves.toMatchObject({ backupEligible: true, backedUp: true });
  });
  it('§6.1: authenticatorData shorter than 37 bytes → ERR_AUTH_DATA_TOO_SHORT', async () => {
    const c = await makeAssertion({ faults: { mutateAuthDataAfterSigning: (a) => a.slice(0, 36) } });
    await expectCode(verifyAuth(c), 'ERR_AUTH_DATA_TOO_SHORT');
  });
  it('§6.1.3: BS without BE in an assertion → ERR_AUTH_DATA_BACKUP_STATE_INVALID', async () => {
    const c = await makeAssertion({ faults: { rawFlags: UP | UV | BS } });
    await expectCode(verifyAuth(c), 'ERR_AUTH_DATA_BACKUP_STATE_INVALID');
  });
});
