/**
 * FIDO2 server conformance, the response envelope (SECURITY-CHECKLIST.md §6):
 * Server-ServerAuthenticatorAttestationResponse-Resp-1 and
 * Server-ServerAuthenticatorAssertionResponse-Resp-1. Each item edits a genuine response from the
 * software authenticator in exactly one way and asserts the code.
 */
import { describe, expect, it } from 'vitest';
import type { WebAuthnErrorCode } from '../../src/errors.js';
import { cloneJson, expectCode, makeAssertion, makeRegistration, verifyAuth, verifyReg } from './helpers.js';

type Edit = (r: Record<string, any>) => void;

/** Items shared by both ceremonies: [item text, edit, code]. */
const COMMON: ReadonlyArray<readonly [string, Edit, WebAuthnErrorCode]> = [
  ['id missing', (r) => delete r.id, 'ERR_RESPONSE_INVALID'],
  ['id not a string', (r) => (r.id = 42), 'ERR_RESPONSE_INVALID'],
  ['id empty', (r) => (r.id = ''), 'ERR_RESPONSE_INVALID'],
  ['id not base64url', (r) => ((r.id = 'ab+/cd=='), (r.rawId = 'ab+/cd==')), 'ERR_BASE64URL_INVALID'],
  ['rawId missing', (r) => delete r.rawId, 'ERR_RESPONSE_INVALID'],
  ['rawId not a string', (r) => (r.rawId = [1, 2]), 'ERR_RESPONSE_INVALID'],
  ['rawId differs from id', (r) => (r.rawId = 'AAAA'), 'ERR_RESPONSE_ID_MISMATCH'],
  ['type missing', (r) => delete r.type, 'ERR_RESPONSE_TYPE_INVALID'],
  ['type not a string', (r) => (r.type = 1), 'ERR_RESPONSE_TYPE_INVALID'],
  ['type not "public-key"', (r) => (r.type = 'password'), 'ERR_RESPONSE_TYPE_INVALID'],
  ['response missing', (r) => delete r.response, 'ERR_RESPONSE_INVALID'],
  ['response not an object', (r) => (r.response = 'x'), 'ERR_RESPONSE_INVALID'],
  ['response is an array', (r) => (r.response = []), 'ERR_RESPONSE_INVALID'],
  ['clientDataJSON missing', (r) => delete r.response.clientDataJSON, 'ERR_RESPONSE_INVALID'],
  ['clientDataJSON not a string', (r) => (r.response.clientDataJSON = {}), 'ERR_RESPONSE_INVALID'],
  ['clientDataJSON empty', (r) => (r.response.clientDataJSON = ''), 'ERR_RESPONSE_INVALID'],
  ['clientDataJSON not base64url', (r) => (r.response.clientDataJSON = 'e30='), 'ERR_BASE64URL_INVALID'],
];

const REGISTRATION: ReadonlyArray<readonly [string, Edit, WebAuthnErrorCode]> = [
  ['attestationObject missing', (r) => delete r.response.attestationObject, 'ERR_RESPONSE_INVALID'],
  ['attestationObject not a string', (r) => (r.response.attestationObject = 7), 'ERR_RESPONSE_INVALID'],
  ['attestationObject empty', (r) => (r.response.attestationObject = ''), 'ERR_RESPONSE_INVALID'],
  ['attestationObject not base64url', (r) => (r.response.attestationObject = 'o2Nm!'), 'ERR_BASE64URL_INVALID'],
  ['transports not an array', (r) => (r.response.transports = 'usb'), 'ERR_RESPONSE_INVALID'],
];

const ASSERTION: ReadonlyArray<readonly [string, Edit, WebAuthnErrorCode]> = [
  ['authenticatorData missing', (r) => delete r.response.authenticatorData, 'ERR_RESPONSE_INVALID'],
  ['authenticatorData not a string', (r) => (r.response.authenticatorData = true), 'ERR_RESPONSE_INVALID'],
  ['authenticatorData not base64url', (r) => (r.response.authenticatorData = 'SZYN5Ygo/A=='), 'ERR_BASE64URL_INVALID'],
  ['authenticatorData empty', (r) => (r.response.authenticatorData = ''), 'ERR_RESPONSE_INVALID'],
  ['signature missing', (r) => delete r.response.signature, 'ERR_RESPONSE_INVALID'],
  ['signature not a string', (r) => (r.response.signature = 0), 'ERR_RESPONSE_INVALID'],
  ['signature not base64url', (r) => (r.response.signature = 'MEUC IQ'), 'ERR_BASE64URL_INVALID'],
  ['signature empty', (r) => (r.response.signature = ''), 'ERR_RESPONSE_INVALID'],
  ['userHandle not a string', (r) => (r.response.userHandle = 12345), 'ERR_RESPONSE_INVALID'],
  ['userHandle not base64url', (r) => (r.response.userHandle = 'dXNlci0x=='), 'ERR_BASE64URL_INVALID'],
];

describe('Server-ServerAuthenticatorAttestationResponse-Resp-1 (registration envelope)', () => {
  it('Resp-1 P-1: a genuine response is accepted', async () => {
    const c = await makeRegistration();
    await expect(verifyReg(c)).resolves.toMatchObject({ credential: { algorithm: -7 } });
  });
  it('Resp-1: the response is not an object at all', async () => {
    const c = await makeRegistration();
    for (const bad of [null, 'x', 1, []]) await expectCode(verifyReg(c, {}, bad), 'ERR_RESPONSE_INVALID');
  });
  for (const [item, edit, code] of [...COMMON, ...REGISTRATION]) {
    it(`Resp-1 F: ${item} → ${code}`, async () => {
      const c = await makeRegistration();
      const r = cloneJson(c.response) as Record<string, any>;
      edit(r);
      await expectCode(verifyReg(c, {}, r), code);
    });
  }
});

describe('Server-ServerAuthenticatorAssertionResponse-Resp-1 (assertion envelope)', () => {
  it('Resp-1 P-1: a genuine response is accepted', async () => {
    const c = await makeAssertion();
    await expect(verifyAuth(c)).resolves.toMatchObject({ newCounter: 1 });
  });
  it('Resp-1 P: userHandle absent, null or "" is accepted (not returned)', async () => {
    const c = await makeAssertion({ userHandle: null });
    await expect(verifyAuth(c)).resolves.toMatchObject({ userHandle: undefined });
    const r = cloneJson(c.response) as Record<string, any>;
    r.response.userHandle = null;
    await expect(verifyAuth(c, {}, r)).resolves.toMatchObject({ userHandle: undefined });
    // Not a conformance item (Resp-1 rejects only a non-string): "" names no user, docs/security.md "Interoperability".
    r.response.userHandle = '';
    await expect(verifyAuth(c, {}, r)).resolves.toMatchObject({ userHandle: undefined });
  });
  for (const [item, edit, code] of [...COMMON, ...ASSERTION]) {
    it(`Resp-1 F: ${item} → ${code}`, async () => {
      const c = await makeAssertion();
      const r = cloneJson(c.response) as Record<string, any>;
      edit(r);
      await expectCode(verifyAuth(c, {}, r), code);
    });
  }
  it('Resp-1 F: signature does not verify → ERR_SIGNATURE_INVALID', async () => {
    const c = await makeAssertion({ faults: { corruptSignature: true } });
    await expectCode(verifyAuth(c), 'ERR_SIGNATURE_INVALID');
  });
  it('Resp-1 F: response id is not the stored credential → ERR_ASSERTION_CREDENTIAL_MISMATCH', async () => {
    const c = await makeAssertion();
    await expectCode(
      verifyAuth(c, { credential: { id: 'AAAAAAAA', publicKey: c.credential.publicKey, counter: 0 } }),
      'ERR_ASSERTION_CREDENTIAL_MISMATCH',
    );
  });
});
