import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_TIMEOUT_MS,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type GenerateRegistrationOptionsInput,
} from '../../src/browser-options.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';

const base: GenerateRegistrationOptionsInput = { rpName: 'Demo', rpID: 'example.com', userName: 'alice' };

function expectInvalid(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toMatchObject({ name: 'WebAuthnError', code: 'ERR_OPTIONS_INVALID', message: 'Invalid options input' });
    expect((e as { details: { option: string } }).details.option).toBe(field);
    return;
  }
  throw new Error(`expected ERR_OPTIONS_INVALID for ${field}`);
}

describe('generateRegistrationOptions', () => {
  it('produces the L3 JSON shape with strict defaults', () => {
    const o = generateRegistrationOptions(base);
    expect(o.rp).toEqual({ id: 'example.com', name: 'Demo' });
    expect(o.user.name).toBe('alice');
    expect(o.user.displayName).toBe('');
    expect(decodeBase64url(o.user.id)).toHaveLength(32);
    expect(decodeBase64url(o.challenge)).toHaveLength(32);
    expect(o.pubKeyCredParams).toEqual([
      { type: 'public-key', alg: -8 },
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -257 },
    ]);
    expect(o.timeout).toBe(DEFAULT_TIMEOUT_MS);
    expect(o.attestation).toBe('none');
    expect(o.excludeCredentials).toEqual([]);
    expect(o.hints).toEqual([]);
    expect(o.authenticatorSelection).toEqual({ residentKey: 'preferred', requireResidentKey: false, userVerification: 'required' });
    expect('extensions' in o).toBe(false);
    // JSON round trip is lossless: nothing binary is left in the object.
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('random challenges and user ids differ per call', () => {
    const a = generateRegistrationOptions(base);
    const b = generateRegistrationOptions(base);
    expect(a.challenge).not.toBe(b.challenge);
    expect(a.user.id).not.toBe(b.user.id);
  });

  it('encodes caller values', () => {
    const userID = new Uint8Array(64).fill(7);
    const challenge = new Uint8Array(16).fill(1);
    const o = generateRegistrationOptions({
      ...base,
      userID,
      userDisplayName: 'Alice A.',
      challenge,
      timeout: 1000,
      attestationType: 'direct',
      excludeCredentials: [{ id: new Uint8Array([1, 2, 3]), transports: ['usb', 'future-transport'] }, { id: 'AAEC' }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged', authenticatorAttachment: 'platform' },
      supportedAlgorithmIDs: [-7],
      hints: ['security-key'],
      extensions: { credProps: true },
    });
    expect(o.user).toEqual({ id: encodeBase64url(userID), name: 'alice', displayName: 'Alice A.' });
    expect(o.challenge).toBe(encodeBase64url(challenge));
    expect(o.excludeCredentials).toEqual([
      { id: 'AQID', type: 'public-key', transports: ['usb', 'future-transport'] },
      { id: 'AAEC', type: 'public-key' },
    ]);
    expect(o.authenticatorSelection).toEqual({
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'discouraged',
      authenticatorAttachment: 'platform',
    });
    expect(o.pubKeyCredParams).toEqual([{ type: 'public-key', alg: -7 }]);
    expect(o.hints).toEqual(['security-key']);
    expect(o.extensions).toEqual({ credProps: true });
    expect(o.attestation).toBe('direct');
    expect(o.timeout).toBe(1000);
  });

  it('accepts a base64url challenge string', () => {
    const c = encodeBase64url(new Uint8Array(20).fill(9));
    expect(generateRegistrationOptions({ ...base, challenge: c }).challenge).toBe(c);
  });

  const bad: [string, Partial<Record<keyof GenerateRegistrationOptionsInput, unknown>>][] = [
    ['rpID', { rpID: 'https://example.com' }],
    ['rpID', { rpID: 'Example.com' }],
    ['rpID', { rpID: 'example.com:8080' }],
    ['rpID', { rpID: '127.0.0.1' }],
    ['rpID', { rpID: '' }],
    ['rpName', { rpName: '' }],
    ['rpName', { rpName: 5 }],
    ['userName', { userName: '' }],
    ['userDisplayName', { userDisplayName: 3 }],
    ['userID', { userID: new Uint8Array(0) }],
    ['userID', { userID: new Uint8Array(65) }],
    ['userID', { userID: 'alice' }],
    ['challenge', { challenge: new Uint8Array(15) }],
    ['challenge', { challenge: new Uint8Array(1025) }],
    ['challenge', { challenge: 'not base64url!' }],
    ['challenge', { challenge: 42 }],
    ['timeout', { timeout: 0 }],
    ['timeout', { timeout: 1.5 }],
    ['timeout', { timeout: 3_600_001 }],
    ['attestationType', { attestationType: 'full' }],
    ['excludeCredentials', { excludeCredentials: 'x' }],
    ['excludeCredentials[0].id', { excludeCredentials: [{ id: '' }] }],
    ['excludeCredentials[0].id', { excludeCredentials: [{ id: 'a+b/' }] }],
    ['excludeCredentials[1].id', { excludeCredentials: [{ id: 'AQID' }, { id: new Uint8Array([1, 2, 3]) }] }],
    ['excludeCredentials[0].transports', { excludeCredentials: [{ id: 'AQID', transports: [1] }] }],
    ['excludeCredentials[0]', { excludeCredentials: [null] }],
    ['authenticatorSelection.residentKey', { authenticatorSelection: { residentKey: 'yes' } }],
    ['authenticatorSelection.userVerification', { authenticatorSelection: { userVerification: 'always' } }],
    ['authenticatorSelection.authenticatorAttachment', { authenticatorSelection: { authenticatorAttachment: 'usb' } }],
    ['authenticatorSelection.requireResidentKey', { authenticatorSelection: { residentKey: 'preferred', requireResidentKey: true } }],
    ['authenticatorSelection', { authenticatorSelection: [] }],
    ['supportedAlgorithmIDs', { supportedAlgorithmIDs: [] }],
    ['supportedAlgorithmIDs', { supportedAlgorithmIDs: [-7, -7] }],
    ['supportedAlgorithmIDs', { supportedAlgorithmIDs: ['-7'] }],
    ['hints', { hints: 'hybrid' }],
    ['hints[0]', { hints: ['phone'] }],
    ['hints', { hints: ['hybrid', 'hybrid'] }],
    ['extensions', { extensions: [] }],
    ['extensions', { extensions: 'credProps' }],
  ];
  for (const [field, patch] of bad) {
    it(`rejects bad ${field}: ${JSON.stringify(patch, (_k, v) => (v instanceof Uint8Array ? `bytes(${v.length})` : v))}`, () => {
      expectInvalid(() => generateRegistrationOptions({ ...base, ...patch } as GenerateRegistrationOptionsInput), field);
    });
  }

  it('rejects a non-object input', () => {
    expectInvalid(() => generateRegistrationOptions(null as never), 'input');
  });

  it('never throws anything but WebAuthnError for arbitrary inputs (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('rpName', 'rpID', 'userName', 'userID', 'challenge', 'timeout', 'hints', 'extensions', 'excludeCredentials'), fc.anything()), (patch) => {
        try {
          const o = generateRegistrationOptions({ ...base, ...patch } as GenerateRegistrationOptionsInput);
          expect(typeof o.challenge).toBe('string');
        } catch (e) {
          expect(e).toMatchObject({ code: 'ERR_OPTIONS_INVALID' });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('generateAuthenticationOptions', () => {
  it('defaults: random challenge, UV required, no allowCredentials (discoverable)', () => {
    const o = generateAuthenticationOptions({ rpID: 'localhost' });
    expect(o).toMatchObject({ rpId: 'localhost', timeout: DEFAULT_TIMEOUT_MS, allowCredentials: [], userVerification: 'required', hints: [] });
    expect(decodeBase64url(o.challenge)).toHaveLength(32);
    expect('extensions' in o).toBe(false);
  });

  it('encodes allowCredentials and caller choices', () => {
    const o = generateAuthenticationOptions({
      rpID: 'login.example.com',
      challenge: new Uint8Array(32).fill(2),
      allowCredentials: [{ id: new Uint8Array([255, 254]), transports: ['internal', 'hybrid'] }],
      userVerification: 'preferred',
      hints: ['client-device', 'hybrid'],
      extensions: { largeBlob: { read: true } },
      timeout: 60_000,
    });
    expect(o.allowCredentials).toEqual([{ id: '__4', type: 'public-key', transports: ['internal', 'hybrid'] }]);
    expect(o.userVerification).toBe('preferred');
    expect(o.hints).toEqual(['client-device', 'hybrid']);
    expect(o.extensions).toEqual({ largeBlob: { read: true } });
    expect(o.timeout).toBe(60_000);
    expect(o.challenge).toBe(encodeBase64url(new Uint8Array(32).fill(2)));
  });

  it.each([
    ['rpID', { rpID: 'localhost/' }],
    ['userVerification', { rpID: 'localhost', userVerification: 'sometimes' }],
    ['allowCredentials[0].id', { rpID: 'localhost', allowCredentials: [{ id: 5 }] }],
    ['challenge', { rpID: 'localhost', challenge: 'AAAA' }],
    ['timeout', { rpID: 'localhost', timeout: -1 }],
    ['hints[0]', { rpID: 'localhost', hints: [null] }],
  ])('rejects bad %s', (field, input) => {
    expectInvalid(() => generateAuthenticationOptions(input as never), field);
  });
});
