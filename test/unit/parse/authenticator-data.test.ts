import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CREDENTIAL_ID_BYTES, parseAuthenticatorData } from '../../../src/parse/authenticator-data.js';
import { encodeCbor } from '../../../src/testing/cbor-encode.js';
import { isWebAuthnError } from '../../../src/errors.js';

const rpIdHash = new Uint8Array(32).fill(7);
const coseKey = encodeCbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, new Uint8Array(32).fill(1)], [-3, new Uint8Array(32).fill(2)]]) as never);
const aaguid = new Uint8Array(16).map((_, i) => i);

function build(opts: { flags: number; count?: number; credId?: Uint8Array; key?: Uint8Array; ext?: Uint8Array; tail?: Uint8Array; idLength?: number }) {
  const parts: number[] = [...rpIdHash, opts.flags];
  const c = opts.count ?? 0x01020304;
  parts.push((c >>> 24) & 0xff, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff);
  if (opts.credId) {
    const len = opts.idLength ?? opts.credId.length;
    parts.push(...aaguid, len >> 8, len & 0xff, ...opts.credId, ...(opts.key ?? coseKey));
  }
  if (opts.ext) parts.push(...opts.ext);
  if (opts.tail) parts.push(...opts.tail);
  return new Uint8Array(parts);
}
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};
const UP = 0x01, UV = 0x04, BE = 0x08, BS = 0x10, AT = 0x40, ED = 0x80;

describe('parseAuthenticatorData (§6.1)', () => {
  it('parses the fixed part and every flag', () => {
    const a = parseAuthenticatorData(build({ flags: UP | UV | BE | BS }));
    expect(a.rpIdHash).toEqual(rpIdHash);
    expect(a.signCount).toBe(0x01020304);
    expect(a.flags).toEqual({ userPresent: true, userVerified: true, backupEligible: true, backedUp: true, attestedCredentialData: false, extensionData: false, raw: 0x1d });
    expect(a.attestedCredentialData).toBeUndefined();
    expect(a.extensions).toBeUndefined();
  });

  it('reads a counter with the top bit set as an unsigned 32-bit value', () => {
    expect(parseAuthenticatorData(build({ flags: UP, count: 0xfffffffe })).signCount).toBe(0xfffffffe);
  });

  it('ignores the reserved bits 1 and 5', () => {
    expect(parseAuthenticatorData(build({ flags: UP | 0x02 | 0x20 })).flags.userPresent).toBe(true);
  });

  it('splits attested credential data and extensions by the COSE key length', () => {
    const credId = new Uint8Array(20).fill(9);
    const ext = encodeCbor({ credProtect: 2, 'hmac-secret': true });
    const a = parseAuthenticatorData(build({ flags: UP | AT | ED, credId, ext }));
    expect(a.attestedCredentialData!.aaguid).toEqual(aaguid);
    expect(a.attestedCredentialData!.credentialId).toEqual(credId);
    expect(a.attestedCredentialData!.credentialPublicKey).toEqual(coseKey);
    expect({ ...a.extensions }).toEqual({ credProtect: 2, 'hmac-secret': true });
  });

  it('returns copies, not views of the input', () => {
    const bytes = build({ flags: UP | AT, credId: new Uint8Array([1, 2, 3]) });
    const a = parseAuthenticatorData(bytes);
    bytes.fill(0);
    expect(a.rpIdHash).toEqual(rpIdHash);
    expect(a.attestedCredentialData!.credentialId).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('accepts a credential id of exactly 1023 bytes and refuses 1024', () => {
    expect(parseAuthenticatorData(build({ flags: UP | AT, credId: new Uint8Array(MAX_CREDENTIAL_ID_BYTES) })).attestedCredentialData!.credentialId.length).toBe(1023);
    expect(code(() => parseAuthenticatorData(build({ flags: UP | AT, credId: new Uint8Array(1024) })))).toBe('ERR_AUTH_DATA_CREDENTIAL_ID_TOO_LONG');
  });

  it.each([
    ['shorter than 37 bytes', () => build({ flags: UP }).slice(0, 36), 'ERR_AUTH_DATA_TOO_SHORT'],
    ['empty', () => new Uint8Array(0), 'ERR_AUTH_DATA_TOO_SHORT'],
    ['BS without BE (§6.1.3)', () => build({ flags: UP | BS }), 'ERR_AUTH_DATA_BACKUP_STATE_INVALID'],
    ['trailing bytes after the fixed part (AT clear but data present)', () => build({ flags: UP, tail: new Uint8Array([0]) }), 'ERR_AUTH_DATA_TRAILING_BYTES'],
    ['AT set but no attested data', () => build({ flags: UP | AT }), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['AT set, credential id truncated', () => build({ flags: UP | AT, credId: new Uint8Array(4), idLength: 40, key: new Uint8Array(0) }), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['AT set, zero-length credential id', () => build({ flags: UP | AT, credId: new Uint8Array(0) }), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['AT set, COSE key missing', () => build({ flags: UP | AT, credId: new Uint8Array(4), key: new Uint8Array(0) }), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['AT set, COSE key truncated', () => build({ flags: UP | AT, credId: new Uint8Array(4), key: coseKey.slice(0, 20) }), 'ERR_CBOR_TRUNCATED'],
    ['AT set, COSE key not a map', () => build({ flags: UP | AT, credId: new Uint8Array(4), key: encodeCbor([1, 2]) }), 'ERR_COSE_KEY_INVALID'],
    ['bytes after the COSE key with ED clear', () => build({ flags: UP | AT, credId: new Uint8Array(4), tail: new Uint8Array([0xa0]) }), 'ERR_AUTH_DATA_TRAILING_BYTES'],
    ['ED set but no extensions', () => build({ flags: UP | ED }), 'ERR_AUTH_DATA_FLAGS_INCONSISTENT'],
    ['ED set, extensions not a map', () => build({ flags: UP | ED, ext: encodeCbor('x') }), 'ERR_AUTH_DATA_EXTENSIONS_INVALID'],
    ['ED set, extension key not text', () => build({ flags: UP | ED, ext: encodeCbor(new Map([[1, true]])) }), 'ERR_AUTH_DATA_EXTENSIONS_INVALID'],
    ['bytes after the extensions', () => build({ flags: UP | ED, ext: encodeCbor({ a: 1 }), tail: new Uint8Array([0]) }), 'ERR_AUTH_DATA_TRAILING_BYTES'],
    ['extensions with a duplicate key', () => build({ flags: UP | ED, ext: new Uint8Array([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]) }), 'ERR_CBOR_DUPLICATE_KEY'],
    ['extensions in indefinite length', () => build({ flags: UP | ED, ext: new Uint8Array([0xbf, 0x61, 0x61, 0x01, 0xff]) }), 'ERR_CBOR_INDEFINITE_LENGTH'],
    ['more than 16 KiB', () => build({ flags: UP | ED, ext: encodeCbor({ a: new Uint8Array(17_000) }) }), 'ERR_AUTH_DATA_TOO_LONG'],
  ])('rejects: %s', (_n, make, expected) => {
    expect(code(() => parseAuthenticatorData(make()))).toBe(expected);
  });

  it('gives a value or a WebAuthnError for arbitrary bytes after a valid fixed part (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 200 }), (flags, rest) => {
        const bytes = new Uint8Array([...rpIdHash, flags, 0, 0, 0, 1, ...rest]);
        try {
          parseAuthenticatorData(bytes);
        } catch (e) {
          expect(isWebAuthnError(e)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts exactly the flags/bytes combinations that agree (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (at, ed, withAcd, withExt) => {
        const bytes = build({
          flags: UP | (at ? AT : 0) | (ed ? ED : 0),
          credId: withAcd ? new Uint8Array([5, 6]) : undefined,
          ext: withExt ? encodeCbor({ x: 1 }) : undefined,
        });
        const ok = at === withAcd && ed === withExt;
        if (ok) expect(() => parseAuthenticatorData(bytes)).not.toThrow();
        else expect(() => parseAuthenticatorData(bytes)).toThrow();
      }),
    );
  });
});
