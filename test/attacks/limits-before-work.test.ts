/**
 * Attack: oversized input that a limit should stop BEFORE the work it protects (docs/security.md
 * "Limits": every limit is checked before the work it protects). A bound that is only enforced
 * later, or one item late, still refuses the worst inputs, so the boundary tests in
 * test/unit/ceremony/limits.test.ts did not notice when these three were weakened (mutation
 * survivors: limit-cbor-items, limit-trust-anchor-count, limit-jws-header-chars).
 *
 * - CBOR items (4 096 per decode): a container's declared children are charged when it opens, so an
 *   over-budget array is ERR_CBOR_TOO_LARGE even when its first child is malformed (never walked).
 *   RFC 8949 §5.2 leaves resource limits to the decoder; this is ours.
 * - Trust anchors (1 024): 1 025 entries are "Too many trust anchors" before entry 0 is parsed.
 * - Metadata BLOB JWS header (64 Ki base64url characters, issue 14 review): exactly one character
 *   over is "header too large" before it is decoded (RFC 7515 §5.2 steps 1–2 are the work it bounds).
 */
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../src/cbor/decode.js';
import { isWebAuthnError } from '../../src/errors.js';
import { verifyMetadataBLOB } from '../../src/metadata/index.js';
import { parseTrustAnchors } from '../../src/x509/pem.js';

/** The documented values (docs/security.md "Limits"), written out rather than imported. */
const CBOR_ITEMS = 4096;
const TRUST_ANCHORS = 1024;
const METADATA_HEADER_CHARS = 64 * 1024;

function failure(fn: () => unknown): { code: string; message: string; reason: unknown } {
  try {
    fn();
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    return { code: e.code, message: e.message, reason: (e.details as { reason?: unknown } | undefined)?.reason };
  }
  throw new Error('accepted');
}

/** A definite-length array declaring `elements` children, the first a reserved head (0x1c, RFC 8949 §3), the rest 0. */
function arrayWithMalformedFirst(elements: number): Uint8Array {
  const b = new Uint8Array(3 + elements);
  b[0] = 0x99; // array, 2-byte length
  b[1] = elements >> 8;
  b[2] = elements & 0xff;
  b[3] = 0x1c; // additional information 28: reserved, not well-formed
  return b;
}

describe('attack: limits are checked before the work they protect', () => {
  it(`CBOR: an array declaring ${CBOR_ITEMS} children (${CBOR_ITEMS + 1} items) is ERR_CBOR_TOO_LARGE before its malformed first child is read`, () => {
    expect(failure(() => decodeCbor(arrayWithMalformedFirst(CBOR_ITEMS))).code).toBe('ERR_CBOR_TOO_LARGE');
  });
  it(`CBOR: within the budget (${CBOR_ITEMS - 1} children) the same malformed child is reached and refused for what it is`, () => {
    const { code } = failure(() => decodeCbor(arrayWithMalformedFirst(CBOR_ITEMS - 1)));
    expect(code).not.toBe('ERR_CBOR_TOO_LARGE');
    expect(code).toMatch(/^ERR_CBOR_/);
  });

  it(`trust anchors: ${TRUST_ANCHORS + 1} entries are refused as too many before entry 0 is parsed`, () => {
    const junk = Array.from({ length: TRUST_ANCHORS + 1 }, () => new Uint8Array([0x30, 0x00]));
    expect(failure(() => parseTrustAnchors(junk))).toMatchObject({ code: 'ERR_X509_ANCHOR_INVALID', message: 'Too many trust anchors' });
  });
  it(`trust anchors: ${TRUST_ANCHORS} entries are within the limit (entry 0 is parsed and refused for itself)`, () => {
    const junk = Array.from({ length: TRUST_ANCHORS }, () => new Uint8Array([0x30, 0x00]));
    const { code, message } = failure(() => parseTrustAnchors(junk));
    expect(code).toBe('ERR_X509_ANCHOR_INVALID');
    expect(message).not.toBe('Too many trust anchors');
  });

  const blobWithHeaderChars = (n: number): string => `${'A'.repeat(n)}.e30.AAAA`;
  const headerReason = async (n: number): Promise<unknown> => {
    const error = await verifyMetadataBLOB(blobWithHeaderChars(n)).catch((e: unknown) => e);
    expect(isWebAuthnError(error) && error.code).toBe('ERR_METADATA_BLOB_INVALID');
    return (error as { details: { reason: unknown } }).details.reason;
  };
  it(`metadata BLOB: a header of ${METADATA_HEADER_CHARS} + 1 characters is "header too large" before it is decoded`, async () => {
    expect(await headerReason(METADATA_HEADER_CHARS + 1)).toBe('header too large');
  });
  it(`metadata BLOB: a header of exactly ${METADATA_HEADER_CHARS} characters is decoded (and refused as not JSON)`, async () => {
    const reason = await headerReason(METADATA_HEADER_CHARS);
    expect(reason).not.toBe('header too large');
    expect(String(reason)).toMatch(/^header /);
  });
});
