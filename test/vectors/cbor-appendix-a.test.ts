/**
 * RFC 7049 / RFC 8949 Appendix A examples (fixtures/cbor/appendix_a.json, cbor/test-vectors
 * @ aba89b65, read in place) against our profile: what the profile allows decodes to the expected
 * value; what it forbids is rejected with the code for its class; every proper prefix fails cleanly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeCborPrefix, type CborKey, type CborValue } from '../../src/cbor/decode.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import { fixturePath } from '../helpers/fixtures.js';

interface Row {
  cbor: string;
  hex: string;
  roundtrip: boolean;
  decoded?: unknown;
  diagnostic?: string;
}

/** A big integer literal kept exact (JSON.parse would round 2^64 - 1). */
interface BigLiteral {
  $bigint: string;
}

function loadRows(): Row[] {
  const text = readFileSync(fixturePath('cbor', 'appendix_a.json'), 'utf8');
  // Integer literals beyond 15 digits become {"$bigint": "..."} before parsing (README caveat).
  const exact = text.replace(/("decoded":\s*)(-?\d{16,})(?=\s*[,}])/g, '$1{"$$bigint":"$2"}');
  return JSON.parse(exact) as Row[];
}

function bytesOf(hexText: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hexText, 'hex'));
}

/**
 * The outcome our profile (docs/cbor.md) prescribes for a row, derived from the row itself:
 * its first byte and the README's classification, not from our decoder.
 */
function expectedRejection(row: Row): WebAuthnErrorCode | undefined {
  const first = parseInt(row.hex.slice(0, 2), 16);
  const major = first >> 5;
  if (row.hex === 'f818') return 'ERR_CBOR_MALFORMED'; // RFC 8949 §3.3: not well-formed
  if (major === 6) return 'ERR_CBOR_UNSUPPORTED_TYPE'; // tags
  if (first >= 0xf9 && first <= 0xfb) return 'ERR_CBOR_UNSUPPORTED_TYPE'; // floats
  if (first === 0xf7 || first === 0xf0 || first === 0xf8) return 'ERR_CBOR_UNSUPPORTED_TYPE'; // undefined, simple
  // README: the remaining roundtrip:false rows are the 11 indefinite-length items.
  if (!row.roundtrip) return 'ERR_CBOR_INDEFINITE_LENGTH';
  return undefined;
}

/** Expected values for the allowed rows that carry only diagnostic notation. */
const DIAGNOSTIC_VALUES: Record<string, CborValue> = {
  "h''": new Uint8Array(0),
  "h'01020304'": Uint8Array.of(1, 2, 3, 4),
  '{1: 2, 3: 4}': new Map<CborKey, CborValue>([
    [1, 2],
    [3, 4],
  ]),
};

/** JSON `decoded` to our value shape: objects become Maps, big literals BigInt. */
function toCbor(json: unknown): CborValue {
  if (json !== null && typeof json === 'object' && '$bigint' in json) {
    const b = BigInt((json as BigLiteral).$bigint);
    return b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }
  if (Array.isArray(json)) return json.map(toCbor);
  if (json !== null && typeof json === 'object') {
    return new Map(Object.entries(json).map(([k, v]) => [k, toCbor(v)] as [CborKey, CborValue]));
  }
  return json as CborValue;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof WebAuthnError) return e.code;
    throw e; // anything else fails the test
  }
}

describe('RFC 8949 Appendix A examples (appendix_a.json)', () => {
  const rows = loadRows();

  it('has the 82 rows the README describes', () => {
    expect(rows.length).toBe(82);
  });

  it('decodes every allowed row to its expected value and rejects every forbidden row with its code', () => {
    let decoded = 0;
    let rejected = 0;
    const byCode: Record<string, number> = {};
    for (const row of rows) {
      const bytes = bytesOf(row.hex);
      const want = expectedRejection(row);
      if (want !== undefined) {
        expect({ hex: row.hex, code: codeOf(() => decodeCbor(bytes)) }).toEqual({ hex: row.hex, code: want });
        rejected++;
        byCode[want] = (byCode[want] ?? 0) + 1;
        continue;
      }
      const value = decodeCbor(bytes);
      let expected: CborValue;
      if ('decoded' in row) expected = toCbor(row.decoded);
      else {
        expect(Object.keys(DIAGNOSTIC_VALUES)).toContain(row.diagnostic);
        expected = DIAGNOSTIC_VALUES[row.diagnostic!]!;
      }
      expect({ hex: row.hex, value }).toEqual({ hex: row.hex, value: expected });
      expect(decodeCborPrefix(bytes, 0).end).toBe(bytes.length);
      decoded++;
    }
    console.log(`appendix A: ${rows.length} rows, ${decoded} decoded, ${rejected} rejected by profile`, byCode);
    expect(decoded + rejected).toBe(rows.length);
    expect(byCode).toEqual({
      ERR_CBOR_UNSUPPORTED_TYPE: 33, // 22 floats, 8 tags, undefined, simple(16), simple(255)
      ERR_CBOR_MALFORMED: 1,
      ERR_CBOR_INDEFINITE_LENGTH: 11,
    });
  });

  it('keeps 2^64 - 1 and -2^64 exact (BigInt)', () => {
    const max = rows.find((r) => r.hex === '1bffffffffffffffff')!;
    const min = rows.find((r) => r.hex === '3bffffffffffffffff')!;
    expect(decodeCbor(bytesOf(max.hex))).toBe(18446744073709551615n);
    expect(decodeCbor(bytesOf(min.hex))).toBe(-18446744073709551616n);
    expect(toCbor(max.decoded)).toBe(18446744073709551615n);
  });

  it('f818 is not well-formed (RFC 8949 §3.3)', () => {
    expect(codeOf(() => decodeCbor(bytesOf('f818')))).toBe('ERR_CBOR_MALFORMED');
  });

  it('every proper prefix of every example fails with a WebAuthnError (TRUNCATED for allowed rows)', () => {
    let prefixes = 0;
    let nonEmpty = 0;
    for (const row of rows) {
      const bytes = bytesOf(row.hex);
      const allowed = expectedRejection(row) === undefined;
      for (let n = 0; n < bytes.length; n++) {
        const code = codeOf(() => decodeCbor(bytes.subarray(0, n)));
        expect(code).toMatch(/^ERR_CBOR_/);
        if (allowed) expect({ hex: row.hex, n, code }).toEqual({ hex: row.hex, n, code: 'ERR_CBOR_TRUNCATED' });
        prefixes++;
        if (n > 0) nonEmpty++;
      }
    }
    console.log(`appendix A: ${prefixes} proper prefixes (${nonEmpty} non-empty), all rejected`);
    expect(nonEmpty).toBe(427);
    expect(prefixes).toBe(427 + rows.length);
  });
});
