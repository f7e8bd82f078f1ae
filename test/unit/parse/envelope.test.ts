import { describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS, readAssertionEnvelope, readRegistrationEnvelope } from '../../../src/parse/envelope.js';

const assertion = () => ({
  id: 'AQID',
  rawId: 'AQID',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AQ', userHandle: 'dXNlcg' },
  clientExtensionResults: {},
});
const registration = () => ({
  id: 'AQID',
  rawId: 'AQID',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['usb', 'internal'] },
});
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};
function edit<T>(o: T, path: string, value: unknown): T {
  const parts = path.split('.');
  let cur = o as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  if (value === undefined) delete cur[parts.at(-1)!];
  else cur[parts.at(-1)!] = value;
  return o;
}

describe('readAssertionEnvelope', () => {
  it('decodes every member', () => {
    const r = readAssertionEnvelope(assertion());
    expect(r.id).toBe('AQID');
    expect(r.rawId).toEqual(new Uint8Array([1, 2, 3]));
    expect(r.userHandle).toEqual(new TextEncoder().encode('user'));
    expect(r.signature).toEqual(new Uint8Array([1]));
  });
  it('treats a null or absent userHandle as not returned', () => {
    expect(readAssertionEnvelope(edit(assertion(), 'response.userHandle', null)).userHandle).toBeUndefined();
    expect(readAssertionEnvelope(edit(assertion(), 'response.userHandle', undefined)).userHandle).toBeUndefined();
  });
  it('treats an empty userHandle "" as not returned (an empty handle names no user)', () => {
    expect(readAssertionEnvelope(edit(assertion(), 'response.userHandle', '')).userHandle).toBeUndefined();
  });
  it.each([
    ['the credential is not an object', (o: any) => 'x', 'ERR_RESPONSE_INVALID'],
    ['the credential is an array', (o: any) => [o], 'ERR_RESPONSE_INVALID'],
    ['id missing', (o: any) => edit(o, 'id', undefined), 'ERR_RESPONSE_INVALID'],
    ['id not a string', (o: any) => edit(o, 'id', 5), 'ERR_RESPONSE_INVALID'],
    ['id empty', (o: any) => edit(o, 'id', ''), 'ERR_RESPONSE_INVALID'],
    ['id not base64url', (o: any) => edit(edit(o, 'id', 'AQ=='), 'rawId', 'AQ=='), 'ERR_BASE64URL_INVALID'],
    ['rawId missing', (o: any) => edit(o, 'rawId', undefined), 'ERR_RESPONSE_INVALID'],
    ['rawId not a string', (o: any) => edit(o, 'rawId', [1]), 'ERR_RESPONSE_INVALID'],
    ['rawId differs from id', (o: any) => edit(o, 'rawId', 'AQIE'), 'ERR_RESPONSE_ID_MISMATCH'],
    ['type missing', (o: any) => edit(o, 'type', undefined), 'ERR_RESPONSE_TYPE_INVALID'],
    ['type not a string', (o: any) => edit(o, 'type', 1), 'ERR_RESPONSE_TYPE_INVALID'],
    ['type wrong', (o: any) => edit(o, 'type', 'password'), 'ERR_RESPONSE_TYPE_INVALID'],
    ['response missing', (o: any) => edit(o, 'response', undefined), 'ERR_RESPONSE_INVALID'],
    ['response not an object', (o: any) => edit(o, 'response', 'x'), 'ERR_RESPONSE_INVALID'],
    ['clientDataJSON missing', (o: any) => edit(o, 'response.clientDataJSON', undefined), 'ERR_RESPONSE_INVALID'],
    ['clientDataJSON not a string', (o: any) => edit(o, 'response.clientDataJSON', {}), 'ERR_RESPONSE_INVALID'],
    ['clientDataJSON empty', (o: any) => edit(o, 'response.clientDataJSON', ''), 'ERR_RESPONSE_INVALID'],
    ['clientDataJSON standard base64', (o: any) => edit(o, 'response.clientDataJSON', 'e30='), 'ERR_BASE64URL_INVALID'],
    ['authenticatorData missing', (o: any) => edit(o, 'response.authenticatorData', undefined), 'ERR_RESPONSE_INVALID'],
    ['authenticatorData not base64url', (o: any) => edit(o, 'response.authenticatorData', 'AA+A'), 'ERR_BASE64URL_INVALID'],
    ['authenticatorData empty', (o: any) => edit(o, 'response.authenticatorData', ''), 'ERR_RESPONSE_INVALID'],
    ['signature missing', (o: any) => edit(o, 'response.signature', undefined), 'ERR_RESPONSE_INVALID'],
    ['signature not a string', (o: any) => edit(o, 'response.signature', 7), 'ERR_RESPONSE_INVALID'],
    ['signature empty', (o: any) => edit(o, 'response.signature', ''), 'ERR_RESPONSE_INVALID'],
    ['signature not base64url', (o: any) => edit(o, 'response.signature', 'A A'), 'ERR_BASE64URL_INVALID'],
    ['userHandle not a string', (o: any) => edit(o, 'response.userHandle', 12), 'ERR_RESPONSE_INVALID'],
    ['userHandle longer than 64 bytes', (o: any) => edit(o, 'response.userHandle', 'A'.repeat(88)), 'ERR_RESPONSE_INVALID'],
    ['a megabyte signature', (o: any) => edit(o, 'response.signature', 'A'.repeat(1 << 20)), 'ERR_RESPONSE_TOO_LARGE'],
  ])('rejects: %s', (_name, mutate, expected) => {
    expect(code(() => readAssertionEnvelope(mutate(assertion())))).toBe(expected);
  });
});

describe('readRegistrationEnvelope', () => {
  it('decodes every member and copies transports', () => {
    const input = registration();
    const r = readRegistrationEnvelope(input);
    expect(r.attestationObject).toEqual(new Uint8Array([0xa0]));
    expect(r.transports).toEqual(['usb', 'internal']);
    expect(r.transports).not.toBe(input.response.transports);
    expect(r.droppedTransports).toEqual([]);
  });
  it('keeps the known transports and reports the rest (unsigned hints never refuse)', () => {
    const r = readRegistrationEnvelope(edit(registration(), 'response.transports', ['usb', 'bogus', 5, null, 'usb', 'x'.repeat(100)]));
    expect(r.transports).toEqual(['usb']);
    expect(r.droppedTransports).toEqual(['bogus', '<number>', '<null>', 'x'.repeat(64)]);
  });
  it('reports at most 16 dropped transports', () => {
    const r = readRegistrationEnvelope(edit(registration(), 'response.transports', Array.from({ length: 100 }, (_, i) => `t${i}`)));
    expect(r.transports).toEqual([]);
    expect(r.droppedTransports).toHaveLength(16);
  });
  it.each([
    ['attestationObject missing', (o: any) => edit(o, 'response.attestationObject', undefined), 'ERR_RESPONSE_INVALID'],
    ['attestationObject not a string', (o: any) => edit(o, 'response.attestationObject', 1), 'ERR_RESPONSE_INVALID'],
    ['attestationObject empty', (o: any) => edit(o, 'response.attestationObject', ''), 'ERR_RESPONSE_INVALID'],
    ['attestationObject oversized', (o: any) => edit(o, 'response.attestationObject', 'A'.repeat(MAX_FIELD_CHARS.attestationObject + 4)), 'ERR_RESPONSE_TOO_LARGE'],
    ['transports not an array', (o: any) => edit(o, 'response.transports', 'usb'), 'ERR_RESPONSE_INVALID'],
    ['transports an object', (o: any) => edit(o, 'response.transports', { 0: 'usb' }), 'ERR_RESPONSE_INVALID'],
    ['clientDataJSON missing', (o: any) => edit(o, 'response.clientDataJSON', undefined), 'ERR_RESPONSE_INVALID'],
    ['type wrong', (o: any) => edit(o, 'type', 'public-key '), 'ERR_RESPONSE_TYPE_INVALID'],
  ])('rejects: %s', (_name, mutate, expected) => {
    expect(code(() => readRegistrationEnvelope(mutate(registration())))).toBe(expected);
  });
});
