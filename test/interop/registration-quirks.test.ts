/**
 * Issue 16, the quirks a registration meets: Firefox 117 EdDSA keys whose COSE map header
 * declares 3 entries but holds 4 (item 4), synced passkeys with an all-zero AAGUID and `none`
 * attestation (item 8), unsigned transports hints and the crossOrigin type rule (item 10).
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/codes.js';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError } from '../../src/errors.js';
import { verifyRegistration, type VerifyRegistrationOptions } from '../../src/ceremony/registration.js';
import { createAssertionResponse, createRegistrationResponse, createTestCredential, type CreateRegistrationResponseOptions } from '../../src/testing/index.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x3c));

async function register(alg: number, extra: Partial<CreateRegistrationResponseOptions> = {}, options: Partial<VerifyRegistrationOptions> = {}) {
  const credential = await createTestCredential({ alg });
  const response = await createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, ...extra });
  return { credential, options: { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, ...options } as VerifyRegistrationOptions };
}

/** The Firefox 117 shape: an OKP Ed25519 COSE key `a4 01 01 03 27 20 06 21 58 20 …` written with the header a3. */
function firefoxHeader(authData: Uint8Array): Uint8Array {
  const keyStart = 55 + ((authData[53]! << 8) | authData[54]!);
  expect([...authData.subarray(keyStart, keyStart + 10)]).toEqual([0xa4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20]);
  authData[keyStart] = 0xa3;
  return authData;
}

describe('item 4: Firefox 117 EdDSA key, COSE map declares 3 entries but holds 4 (py_webauthn #160/#175, SimpleWebAuthn #440)', () => {
  it('is refused with ERR_AUTH_DATA_TRAILING_BYTES naming the byte offset where the 4th entry starts', async () => {
    let keyStart = 0;
    const { options } = await register(-8, {
      faults: {
        mutateAuthData: (a) => {
          keyStart = 55 + ((a[53]! << 8) | a[54]!);
          return firefoxHeader(a);
        },
      },
    });
    const error = await verifyRegistration(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isWebAuthnError(error) && error.code).toBe('ERR_AUTH_DATA_TRAILING_BYTES');
    // a3 01 01 03 27 20 06 = 7 bytes of map(3); the undeclared entry (21 58 20 …) starts right after.
    expect(isWebAuthnError(error) && error.details?.offset).toBe(keyStart + 7);
  });
  it('the same key bytes on their own do not decode as a COSE key', () => {
    const x = new Uint8Array(32).fill(7);
    const declared3 = new Uint8Array([0xa3, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20, ...x]);
    expect(() => decodeCOSEKey(declared3)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_TRAILING_BYTES' }));
  });
});

describe('item 8: all-zero AAGUID and attestation none (synced passkeys)', () => {
  it('registers under default options: none, untrusted, no trust path, no metadata', async () => {
    const { options } = await register(-7, { flags: { be: true, bs: true } });
    const r = await verifyRegistration(options);
    expect(r.credential).toMatchObject({ aaguid: '00000000-0000-0000-0000-000000000000', backupEligible: true, backedUp: true });
    expect(r.attestation).toMatchObject({ fmt: 'none', type: 'none', trusted: false, trustPath: [] });
    expect((r.attestation as Record<string, unknown>).metadata).toBeUndefined();
  });
  it('no anchor (metadata) lookup for none: a resolver is never called; requireTrustedAttestation still refuses', async () => {
    const calls: string[] = [];
    const resolver = (fmt: string, aaguid: string) => (calls.push(`${fmt} ${aaguid}`), undefined);
    const { options } = await register(-7, { flags: { be: true, bs: true } }, { attestation: { trustAnchors: resolver } });
    expect((await verifyRegistration(options)).attestation.trusted).toBe(false);
    expect(calls).toEqual([]);
    const strict = { ...options, attestation: { trustAnchors: resolver, requireTrustedAttestation: true } };
    expect(await codeOf(verifyRegistration(strict))).toBe('ERR_ATTESTATION_UNTRUSTED');
  });
});

describe('item 10: transports are unsigned hints (§5.2.1 getTransports)', () => {
  it('["usb", "bogus", 5] registers: the known string is kept, the rest dropped and reported', async () => {
    const { options } = await register(-7, { transports: ['usb', 'bogus', 5 as never] });
    const r = await verifyRegistration(options);
    expect(r.credential.transports).toEqual(['usb']);
    expect(r.droppedTransports).toEqual(['bogus', '<number>']);
  });
  it('every AuthenticatorTransport value (§5.8.4) is kept', async () => {
    const all = ['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal'];
    const { options } = await register(-7, { transports: all });
    const r = await verifyRegistration(options);
    expect(r.credential.transports).toEqual(all);
    expect(r.droppedTransports).toEqual([]);
  });
  it('a transports value that is not an array is refused', async () => {
    const { options } = await register(-7);
    (options.response as { response: Record<string, unknown> }).response.transports = 'usb';
    expect(await codeOf(verifyRegistration(options))).toBe('ERR_RESPONSE_INVALID');
  });
});

describe('item 10: crossOrigin is a boolean or absent (L3 §5.8.1), both ceremonies', () => {
  const withCrossOrigin = (value: unknown) => ({ faults: { mutateClientData: (c: Record<string, unknown>) => ({ ...c, crossOrigin: value }) } });
  it.each([['"true"', 'true'], ['1', 1], ['null', null]])('crossOrigin %s is refused with ERR_CLIENT_DATA_FIELD_INVALID', async (_n, value) => {
    const { options, credential } = await register(-7, withCrossOrigin(value));
    expect(await codeOf(verifyRegistration(options))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
    const response = await createAssertionResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, ...withCrossOrigin(value) });
    const login = { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, credential: { id: encodeBase64url(credential.id), publicKey: credential.publicKey, counter: 0 } };
    expect(await codeOf(verifyAssertion(login))).toBe('ERR_CLIENT_DATA_FIELD_INVALID');
  });
  it('false and absent pass; true needs allowCrossOrigin', async () => {
    expect(await codeOf(verifyRegistration((await register(-7, withCrossOrigin(false))).options))).toBe('verified');
    const absent = { faults: { mutateClientData: ({ crossOrigin: _drop, ...c }: Record<string, unknown>) => c } };
    expect(await codeOf(verifyRegistration((await register(-7, absent)).options))).toBe('verified');
    expect(await codeOf(verifyRegistration((await register(-7, withCrossOrigin(true))).options))).toBe('ERR_CLIENT_DATA_CROSS_ORIGIN');
    expect(await codeOf(verifyRegistration((await register(-7, withCrossOrigin(true), { allowCrossOrigin: true })).options))).toBe('verified');
  });
});
