import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseKeyDescription } from '../../../src/attestation/android-key/key-description.js';
import { isWebAuthnError } from '../../../src/errors.js';
import { readTlv, readTlvAnyTag } from '../../../src/x509/der.js';

// Minimal DER encoder for building KeyDescriptions in tests.
function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n >>= 8;
  }
  return [0x80 | out.length, ...out];
}
const tlv = (tag: number[], content: number[]) => [...tag, ...len(content.length), ...content];
const seq = (...items: number[][]) => tlv([0x30], items.flat());
const set = (...items: number[][]) => tlv([0x31], items.flat());
const int = (v: number) => tlv([0x02], v < 0x80 ? [v] : v < 0x8000 ? [v >> 8, v & 0xff] : [0, v >> 8, v & 0xff]);
const enm = (v: number) => tlv([0x0a], [v]);
const oct = (b: number[]) => tlv([0x04], b);
const nul = () => [0x05, 0x00];
/** Context-specific constructed (EXPLICIT) tag, high-tag form for ≥ 31. */
function ctx(tag: number, inner: number[]): number[] {
  if (tag < 31) return tlv([0xa0 | tag], inner);
  const t: number[] = [tag & 0x7f];
  let n = tag >> 7;
  while (n > 0) {
    t.unshift(0x80 | (n & 0x7f));
    n >>= 7;
  }
  return tlv([0xbf, ...t], inner);
}

const CHALLENGE = new Array(32).fill(7);
interface Opts {
  sw?: number[][];
  tee?: number[][];
  secLevel?: (v: number) => number[];
  fields?: number[][];
}
function keyDescription(o: Opts = {}): Uint8Array {
  const sl = o.secLevel ?? enm;
  const fields = o.fields ?? [
    int(3),
    sl(1),
    int(4),
    sl(1),
    oct(CHALLENGE),
    oct([]),
    seq(...(o.sw ?? [ctx(709, oct([1, 2, 3]))])),
    seq(...(o.tee ?? [ctx(1, set(int(2))), ctx(2, int(3)), ctx(702, int(0))])),
  ];
  return new Uint8Array(seq(...fields));
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isWebAuthnError(e) ? `${e.code}:${String(e.details?.reason)}` : `non-WebAuthnError ${String(e)}`;
  }
  return undefined;
}
const BAD = 'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID';

describe('parseKeyDescription', () => {
  it('parses the fields WebAuthn needs', () => {
    const kd = parseKeyDescription(keyDescription());
    expect(kd.attestationVersion).toBe(3);
    expect(kd.attestationSecurityLevel).toBe(1);
    expect(kd.keymasterVersion).toBe(4);
    expect([...kd.attestationChallenge]).toEqual(CHALLENGE);
    expect(kd.uniqueId.length).toBe(0);
    expect(kd.teeEnforced.purpose).toEqual([2]);
    expect(kd.teeEnforced.origin).toBe(0);
    expect(kd.teeEnforced.allApplications).toBe(false);
    expect(kd.teeEnforced.tags).toEqual([1, 2, 702]);
    expect(kd.softwareEnforced.tags).toEqual([709]);
    expect(kd.softwareEnforced.purpose).toBeUndefined();
    expect(kd.softwareEnforced.origin).toBeUndefined();
  });

  it('sees allApplications [600] and multi-valued purpose', () => {
    const kd = parseKeyDescription(keyDescription({ sw: [ctx(600, nul())], tee: [ctx(1, set(int(2), int(3)))] }));
    expect(kd.softwareEnforced.allApplications).toBe(true);
    expect(kd.teeEnforced.purpose).toEqual([2, 3]);
  });

  it('requires ENUMERATED security levels', () => {
    expect(code(() => parseKeyDescription(keyDescription({ secLevel: int })))).toMatch(/wrong type/);
  });

  it('rejects wrong field counts and types', () => {
    const f = [int(3), enm(1), int(4), enm(1), oct(CHALLENGE), oct([]), seq(), seq()];
    expect(code(() => parseKeyDescription(keyDescription({ fields: f.slice(0, 7) })))).toMatch(/^ERR_.*:expected 8 fields/);
    expect(code(() => parseKeyDescription(keyDescription({ fields: [...f, int(1)] })))).toMatch(/expected 8 fields/);
    expect(code(() => parseKeyDescription(keyDescription({ fields: [enm(3), ...f.slice(1)] })))).toMatch(/wrong type/);
    expect(code(() => parseKeyDescription(keyDescription({ fields: [...f.slice(0, 4), int(1), ...f.slice(5)] })))).toMatch(
      /wrong type/,
    );
    expect(code(() => parseKeyDescription(keyDescription({ fields: [...f.slice(0, 6), set(), seq()] })))).toMatch(/wrong type/);
    expect(code(() => parseKeyDescription(new Uint8Array(set(int(1)))))).toMatch(/not a SEQUENCE/);
  });

  it('rejects malformed AuthorizationList members', () => {
    expect(code(() => parseKeyDescription(keyDescription({ tee: [ctx(702, int(0)), ctx(702, int(1))] })))).toMatch(
      /repeated tag/,
    );
    expect(code(() => parseKeyDescription(keyDescription({ tee: [int(1)] })))).toMatch(/unexpected member/);
    expect(code(() => parseKeyDescription(keyDescription({ tee: [ctx(1, int(2))] })))).toMatch(/purpose is not a SET/);
    expect(code(() => parseKeyDescription(keyDescription({ tee: [ctx(600, int(0))] })))).toMatch(/allApplications/);
    expect(code(() => parseKeyDescription(keyDescription({ tee: [ctx(702, oct([0]))] })))).toMatch(/wrong type/);
    expect(code(() => parseKeyDescription(keyDescription({ tee: [ctx(702, [...int(0), ...int(1)])] })))).toMatch(
      /one element/,
    );
    expect(code(() => parseKeyDescription(keyDescription({ tee: [ctx(702, [0x02, 0x01, 0x80])] })))).toMatch(/negative/);
  });

  it('rejects BER that asn1js would accept: long-form/indefinite lengths, non-minimal INTEGER and tags', () => {
    const good = [...keyDescription()];
    // attestationVersion INTEGER 3 re-encoded with a long-form length.
    const longForm = [...good];
    const i = longForm.indexOf(0x02);
    longForm.splice(i, 3, 0x02, 0x81, 0x01, 0x03);
    longForm[1] = longForm[1]! + 1; // outer short-form length grows by one (stays < 0x80? build check)
    expect(code(() => parseKeyDescription(new Uint8Array(longForm)))).toMatch(/non-minimal length|length/);
    const nonMinimalInt = seq(
      [0x02, 0x02, 0x00, 0x03],
      enm(1),
      int(4),
      enm(1),
      oct(CHALLENGE),
      oct([]),
      seq(),
      seq(),
    );
    expect(code(() => parseKeyDescription(new Uint8Array(nonMinimalInt)))).toMatch(/non-minimal INTEGER/);
    const indefinite = [0x30, 0x80, ...int(3), 0x00, 0x00];
    expect(code(() => parseKeyDescription(new Uint8Array(indefinite)))).toMatch(/indefinite/);
    // [1] written in high-tag form (bf 01) is not minimal.
    const badTag = keyDescription({ tee: [[0xbf, 0x01, 0x03, ...int(2)]] });
    expect(code(() => parseKeyDescription(badTag))).toMatch(/non-minimal tag/);
    expect(code(() => parseKeyDescription(new Uint8Array([...good, 0x00])))).toMatch(new RegExp(BAD));
  });

  it('reads KeyMint high tags ([701], [709], [718], [724]) and attestation version 400', () => {
    const kd = parseKeyDescription(
      keyDescription({
        fields: [int(400), enm(1), int(400), enm(1), oct(CHALLENGE), oct([]), seq(ctx(701, int(5)), ctx(709, oct([1]))), seq(ctx(1, set(int(2))), ctx(702, int(0)), ctx(718, int(20250105)), ctx(724, oct([9])))],
      }),
    );
    expect(kd.attestationVersion).toBe(400);
    expect(kd.keymasterVersion).toBe(400);
    expect(kd.softwareEnforced.tags).toEqual([701, 709]);
    expect(kd.teeEnforced.tags).toEqual([1, 702, 718, 724]);
  });

  it('refuses DER rules asn1js would not: constructed strings, primitive SEQUENCE, reserved tags, huge tag numbers', () => {
    // attestationChallenge as a constructed OCTET STRING (BER only, X.690 §10.2).
    const constructedString = seq(int(3), enm(1), int(4), enm(1), tlv([0x24], oct(CHALLENGE)), oct([]), seq(), seq());
    expect(code(() => parseKeyDescription(new Uint8Array(constructedString)))).toMatch(/constructed universal type/);
    // teeEnforced as a primitive SEQUENCE (X.690 §8.9.1).
    const primitiveSeq = seq(int(3), enm(1), int(4), enm(1), oct(CHALLENGE), oct([]), seq(), tlv([0x10], ctx(702, int(0))));
    expect(code(() => parseKeyDescription(new Uint8Array(primitiveSeq)))).toMatch(/primitive SEQUENCE or SET/);
    // An end-of-contents marker (UNIVERSAL 0) inside a definite length (X.690 §8.1.5).
    expect(code(() => parseKeyDescription(keyDescription({ sw: [ctx(709, [0x00, 0x00])] })))).toMatch(/reserved universal tag/);
    // A tag number past 2^24 (five base-128 octets).
    expect(code(() => parseKeyDescription(keyDescription({ sw: [[0xbf, 0x88, 0x80, 0x80, 0x80, 0x00, 0x02, ...nul()]] })))).toMatch(
      /tag number too large/,
    );
  });

  it('the high-tag-number reader is the KeyDescription\'s alone: certificates keep refusing that form', () => {
    const origin = new Uint8Array(ctx(702, int(0)));
    expect(readTlvAnyTag(origin, 0)).toEqual({ tag: 0xbf, tagNumber: 702, start: 0, contentStart: 4, end: origin.length });
    expect(readTlvAnyTag(new Uint8Array(int(3)), 0)).toMatchObject({ tag: 0x02, tagNumber: 2, contentStart: 2 });
    expect(() => readTlv(origin, 0)).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED', details: expect.objectContaining({ reason: 'high tag number form' }) }));
  });

  it('rejects every truncation with the description code', () => {
    const good = keyDescription();
    for (let n = 0; n < good.length; n++) {
      expect(code(() => parseKeyDescription(good.subarray(0, n)))?.startsWith(BAD), `prefix ${n}`).toBe(true);
    }
  });

  it('property: arbitrary bytes and single-byte mutations parse or throw the description code', () => {
    const good = keyDescription();
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const b = good.slice();
        b[i] = v;
        const c = code(() => parseKeyDescription(b));
        expect(c === undefined || c.startsWith(BAD)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const c = code(() => parseKeyDescription(b));
        expect(c === undefined || c.startsWith(BAD)).toBe(true);
      }),
    );
  });
});
