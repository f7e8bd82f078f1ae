/**
 * FIDO2 server conformance, the assertion ceremony as a whole (SECURITY-CHECKLIST.md §6,
 * Server-ServerAuthenticatorAssertionResponse-*): signature verification with each algorithm, the
 * stored-credential binding, the sign counter rule (§7.2 step 22, "when either side is non-zero")
 * and the user handle. The envelope, clientData and authenticatorData items are in the sibling files.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createTestCredential } from '../../src/testing/index.js';
import { RS1, cloneJson, expectCode, makeAssertion, verifyAuth } from './helpers.js';

const stored = (c: { credential: { id: Uint8Array; publicKey: Uint8Array } }, counter: number) => ({
  id: encodeBase64url(c.credential.id),
  publicKey: c.credential.publicKey,
  counter,
});

describe('Server-ServerAuthenticatorAssertionResponse: signatures', () => {
  for (const [alg, name] of [
    [-7, 'ES256'], [-35, 'ES384'], [-36, 'ES512'], [-257, 'RS256'], [-37, 'PS256'], [-8, 'EdDSA'], [RS1, 'RS1 (stored key)'],
  ] as const) {
    it(`P: an ${name} assertion verifies with the stored key`, async () => {
      const c = await makeAssertion({ alg });
      await expect(verifyAuth(c)).resolves.toMatchObject({ newCounter: 1 });
    });
  }
  it('Resp-1 F: signature made by another key → ERR_SIGNATURE_INVALID', async () => {
    const other = await createTestCredential();
    const c = await makeAssertion({ faults: { signWith: other.privateKey } });
    await expectCode(verifyAuth(c), 'ERR_SIGNATURE_INVALID');
  });
  it('Resp-1 F: authenticatorData changed after signing → ERR_SIGNATURE_INVALID', async () => {
    const c = await makeAssertion({ faults: { mutateAuthDataAfterSigning: (a) => ((a[36] = a[36]! ^ 0x02), a) } });
    await expectCode(verifyAuth(c), 'ERR_SIGNATURE_INVALID');
  });
  it('ES256 signature that is not DER (raw r‖s) → ERR_SIGNATURE_INVALID (the strict DER reader refuses it)', async () => {
    const c = await makeAssertion();
    const r = cloneJson(c.response);
    r.response.signature = encodeBase64url(new Uint8Array(64).fill(1)); // raw r‖s, not DER
    await expectCode(verifyAuth(c, {}, r), 'ERR_SIGNATURE_INVALID');
  });
  it('§7.2 step 5: response id is not the stored credential id → ERR_ASSERTION_CREDENTIAL_MISMATCH', async () => {
    const c = await makeAssertion();
    const other = await createTestCredential();
    await expectCode(verifyAuth(c, { credential: { id: encodeBase64url(other.id), publicKey: c.credential.publicKey, counter: 0 } }), 'ERR_ASSERTION_CREDENTIAL_MISMATCH');
  });
});

describe('Server-ServerAuthenticatorAssertionResponse-Resp-3: sign counter (§7.2 step 22)', () => {
  const table: ReadonlyArray<readonly [number, number, 'ok' | 'ERR_COUNTER_REGRESSION']> = [
    [0, 0, 'ok'], // authenticator without a counter
    [0, 1, 'ok'],
    [5, 6, 'ok'],
    [5, 0xffffffff, 'ok'],
    [5, 5, 'ERR_COUNTER_REGRESSION'],
    [5, 4, 'ERR_COUNTER_REGRESSION'],
    [5, 0, 'ERR_COUNTER_REGRESSION'], // a counter that stopped: either side non-zero
  ];
  for (const [storedCount, received, verdict] of table) {
    it(`stored ${storedCount}, received ${received} → ${verdict}`, async () => {
      const c = await makeAssertion({ signCount: received });
      const p = verifyAuth(c, { credential: stored(c, storedCount) });
      if (verdict === 'ok') await expect(p).resolves.toMatchObject({ newCounter: received, suspectedClone: false });
      else await expectCode(p, verdict);
    });
  }
});

describe('Server-ServerAuthenticatorAssertionResponse: user handle (§7.2 step 6)', () => {
  it('P: the expected user handle matches', async () => {
    const c = await makeAssertion();
    await expect(verifyAuth(c, { expectedUserHandle: c.credential.userHandle })).resolves.toMatchObject({
      userHandle: encodeBase64url(c.credential.userHandle),
    });
  });
  it('F: another user handle → ERR_ASSERTION_USER_HANDLE_MISMATCH', async () => {
    const c = await makeAssertion({ userHandle: new Uint8Array([1, 2, 3]) });
    await expectCode(verifyAuth(c, { expectedUserHandle: c.credential.userHandle }), 'ERR_ASSERTION_USER_HANDLE_MISMATCH');
  });
  it('F: no user handle when one is expected → ERR_ASSERTION_USER_HANDLE_MISMATCH', async () => {
    const c = await makeAssertion({ userHandle: null });
    await expectCode(verifyAuth(c, { expectedUserHandle: c.credential.userHandle }), 'ERR_ASSERTION_USER_HANDLE_MISMATCH');
  });
  it('F: a user handle longer than 64 bytes (§5.4.3) → ERR_RESPONSE_INVALID', async () => {
    const c = await makeAssertion({ userHandle: new Uint8Array(65) });
    await expectCode(verifyAuth(c), 'ERR_RESPONSE_INVALID');
  });
});

describe('cross-origin context (§7.2 steps 13–14)', () => {
  it('crossOrigin true is refused by default, accepted when allowed, topOrigin checked when expected', async () => {
    const c = await makeAssertion({ crossOrigin: true, topOrigin: 'https://top.example' });
    await expectCode(verifyAuth(c), 'ERR_CLIENT_DATA_CROSS_ORIGIN');
    await expect(verifyAuth(c, { allowCrossOrigin: true })).resolves.toMatchObject({ crossOrigin: true, topOrigin: 'https://top.example' });
    await expect(verifyAuth(c, { allowCrossOrigin: true, expectedTopOrigin: 'https://top.example' })).resolves.toBeDefined();
    await expectCode(verifyAuth(c, { allowCrossOrigin: true, expectedTopOrigin: 'https://other.example' }), 'ERR_CLIENT_DATA_TOP_ORIGIN_MISMATCH');
  });
});
