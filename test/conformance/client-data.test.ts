/**
 * FIDO2 server conformance, clientData (SECURITY-CHECKLIST.md §6): Resp-2 of both the attestation
 * (registration) and the assertion groups. Every faulty clientDataJSON is produced by the software
 * authenticator and properly signed, so only the clientData check can catch it.
 */
import { describe, expect, it } from 'vitest';
import type { WebAuthnErrorCode } from '../../src/errors.js';
import type { ClientDataFaults } from '../../src/testing/index.js';
import { ORIGIN, expectCode, makeAssertion, makeRegistration, verifyAuth, verifyReg } from './helpers.js';

interface Item {
  readonly name: string;
  readonly faults: (ceremony: 'create' | 'get') => ClientDataFaults;
  readonly code: WebAuthnErrorCode;
}

const set = (key: string, value: unknown) => (): ClientDataFaults => ({
  mutateClientData: (c) => ({ ...c, [key]: value }),
});

const ITEMS: readonly Item[] = [
  { name: 'type missing', faults: () => ({ omitClientDataField: 'type' }), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'type not a string', faults: set('type', 1), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'type empty', faults: set('type', ''), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'type is not a WebAuthn type', faults: () => ({ type: 'payment.get' }), code: 'ERR_CLIENT_DATA_TYPE_MISMATCH' },
  {
    name: 'type is the other ceremony (create ↔ get)',
    faults: (c) => ({ type: c === 'create' ? 'webauthn.get' : 'webauthn.create' }),
    code: 'ERR_CLIENT_DATA_TYPE_MISMATCH',
  },
  { name: 'challenge missing', faults: () => ({ omitClientDataField: 'challenge' }), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'challenge not a string', faults: set('challenge', ['a']), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'challenge empty', faults: set('challenge', ''), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'challenge not base64url', faults: set('challenge', 'not base64url!'), code: 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH' },
  { name: 'challenge is not the issued challenge', faults: set('challenge', 'AAAAAAAAAAAAAAAAAAAAAA'), code: 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH' },
  { name: 'origin missing', faults: () => ({ omitClientDataField: 'origin' }), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'origin not a string', faults: set('origin', { href: ORIGIN }), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'origin empty', faults: set('origin', ''), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'origin is not the expected origin', faults: set('origin', 'https://evil.example'), code: 'ERR_CLIENT_DATA_ORIGIN_MISMATCH' },
  { name: 'origin differs only by a trailing slash', faults: set('origin', `${ORIGIN}/`), code: 'ERR_CLIENT_DATA_ORIGIN_MISMATCH' },
  // Beyond the conformance list (checklist "clientDataJSON not valid UTF-8 JSON"):
  { name: 'clientDataJSON is not JSON', faults: () => ({ clientDataJSON: '{"type":' }), code: 'ERR_CLIENT_DATA_INVALID_JSON' },
  { name: 'clientDataJSON is a JSON array', faults: () => ({ clientDataJSON: '[]' }), code: 'ERR_CLIENT_DATA_INVALID_JSON' },
  {
    name: 'clientDataJSON repeats a member (a second "type")',
    faults: (c) => ({ clientDataJSON: `{"type":"webauthn.${c}","challenge":"AA","origin":"${ORIGIN}","type":"webauthn.${c}"}` }),
    code: 'ERR_CLIENT_DATA_DUPLICATE_KEY',
  },
  { name: 'crossOrigin not a boolean', faults: set('crossOrigin', 'false'), code: 'ERR_CLIENT_DATA_FIELD_INVALID' },
  { name: 'crossOrigin true without allowCrossOrigin', faults: set('crossOrigin', true), code: 'ERR_CLIENT_DATA_CROSS_ORIGIN' },
];

/** tokenBinding values the 2021 conformance text wants rejected; WebAuthn L3 reserves the member and verifies nothing. */
const TOKEN_BINDING: ReadonlyArray<readonly [string, unknown]> = [
  ['tokenBinding not an object', 'present'],
  ['tokenBinding without status', { id: 'abc' }],
  ['tokenBinding status not one of present/supported/not-supported', { status: 'bogus' }],
];

for (const ceremony of ['create', 'get'] as const) {
  const group = ceremony === 'create' ? 'Server-ServerAuthenticatorAttestationResponse' : 'Server-ServerAuthenticatorAssertionResponse';
  const verify = async (faults: ClientDataFaults): Promise<unknown> => {
    if (ceremony === 'create') {
      const c = await makeRegistration({ faults });
      return verifyReg(c);
    }
    const c = await makeAssertion({ faults });
    return verifyAuth(c);
  };

  describe(`${group}-Resp-2 (clientData, webauthn.${ceremony})`, () => {
    it('Resp-2 P-1: a genuine clientData is accepted, extra members ignored (§5.8.1)', async () => {
      await expect(verify({ mutateClientData: (c) => ({ ...c, other_keys_can_be_added_here: 'x' }) })).resolves.toBeDefined();
    });
    for (const item of ITEMS) {
      it(`Resp-2 F: ${item.name} → ${item.code}`, async () => {
        await expectCode(verify(item.faults(ceremony)), item.code);
      });
    }
    for (const [name, value] of TOKEN_BINDING) {
      it(`Resp-2 (obsolete under L3): ${name} is ignored, the genuine response verifies`, async () => {
        await expect(verify({ mutateClientData: (c) => ({ ...c, tokenBinding: value }) })).resolves.toBeDefined();
      });
    }
  });
}

describe('clientDataJSON bytes (checklist: not valid UTF-8)', () => {
  it('a lone continuation byte → ERR_CLIENT_DATA_INVALID_UTF8 (both ceremonies)', async () => {
    const { encodeBase64url } = await import('../../src/encoding/base64url.js');
    const bad = encodeBase64url(new Uint8Array([0x7b, 0x80, 0x7d]));
    const reg = await makeRegistration();
    await expectCode(verifyReg(reg, {}, { ...reg.response, response: { ...reg.response.response, clientDataJSON: bad } }), 'ERR_CLIENT_DATA_INVALID_UTF8');
    const auth = await makeAssertion();
    await expectCode(verifyAuth(auth, {}, { ...auth.response, response: { ...auth.response.response, clientDataJSON: bad } }), 'ERR_CLIENT_DATA_INVALID_UTF8');
  });
});
