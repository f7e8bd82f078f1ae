/**
 * Strict DER for ECDSA signatures (ECDSA-Sig-Value, RFC 3279 §2.2.3 / SEC 1 §C.5):
 *
 *   ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
 *
 * WebAuthn ECDSA signatures (assertions §7.2, packed/fido-u2f/tpm/android-key statements §8) are DER;
 * WebCrypto wants the fixed-width r‖s form (IEEE P1363). The reader is a DER reader, not a BER
 * reader: Wycheproof shows that a lenient converter lets BER-encoded or zero-padded variants of a
 * valid signature through (SECURITY-CHECKLIST §3d), which makes signature bytes malleable. Anything
 * that is not the one canonical DER encoding of an (r, s) pair with 1 ≤ r, s < n gives `undefined`.
 *
 * The one exception is opt-in (`allowNonCanonicalSignatures`, issue 16): canonicalEcdsaDer rewrites
 * the recoverable BER forms real authenticators emit into canonical DER, in this one place, before
 * any backend sees the signature (src/signature/verify.ts applyDerPolicy).
 *
 * Why this is not src/x509/der.ts (the general DER reader): the signature layer sits below x509 and
 * may not import it, and it reads this one fixed structure only, returning `undefined` (a `false`
 * verdict) where the x509 reader throws ERR_X509_MALFORMED. Its length and INTEGER rules are the
 * same X.690 §10.1 / §8.3 ones (docs/ARCHITECTURE.md, "signature/").
 */
import { CURVE_BYTES, curveOrderBytes } from '../cose/curves.js';
import { WebAuthnError } from '../errors.js';

/** 1 ≤ mag < n for an unsigned big-endian magnitude, compared byte by byte against n. */
function inRange(mag: Uint8Array, order: Uint8Array): boolean {
  let i = 0;
  while (i < mag.length && mag[i] === 0) i++;
  const len = mag.length - i;
  if (len === 0) return false; // zero
  if (len !== order.length) return len < order.length;
  for (let k = 0; k < len; k++) {
    const a = mag[i + k]!;
    const b = order[k]!;
    if (a !== b) return a < b;
  }
  return false; // equal to n
}

/**
 * Reads one DER length at `pos`. Short form for < 128; long form only when needed (0x81 for
 * 128..255, 0x82 for 256..65535 with a non-zero first byte). Returns [length, next offset].
 */
function readLength(der: Uint8Array, pos: number): [number, number] | undefined {
  const first = der[pos];
  if (first === undefined) return undefined;
  if (first < 0x80) return [first, pos + 1];
  if (first === 0x81) {
    const l = der[pos + 1];
    if (l === undefined || l < 0x80) return undefined; // would fit the short form
    return [l, pos + 2];
  }
  if (first === 0x82) {
    const hi = der[pos + 1];
    const lo = der[pos + 2];
    if (hi === undefined || lo === undefined || hi === 0) return undefined; // would fit 0x81
    return [(hi << 8) | lo, pos + 3];
  }
  return undefined; // indefinite (0x80) or a length far beyond any ECDSA signature
}

/**
 * Reads one INTEGER at `pos` and returns its magnitude (without the sign-padding zero byte).
 * Minimal and non-negative: a leading 0x00 only when the next byte has its top bit set, and no
 * leading 0x80..0xff byte (that would be negative).
 */
function readInteger(der: Uint8Array, pos: number, end: number): [Uint8Array, number] | undefined {
  if (der[pos] !== 0x02) return undefined;
  const len = readLength(der, pos + 1);
  if (len === undefined) return undefined;
  const [length, start] = len;
  const stop = start + length;
  if (length === 0 || stop > end) return undefined;
  const lead = der[start]!;
  if (lead >= 0x80) return undefined; // negative
  if (lead === 0x00) {
    if (length === 1) return [der.subarray(start, stop), stop]; // the value 0 (rejected by the range check)
    if (der[start + 1]! < 0x80) return undefined; // non-minimal padding
    return [der.subarray(start + 1, stop), stop];
  }
  return [der.subarray(start, stop), stop];
}

/**
 * Strict DER ECDSA-Sig-Value → fixed-width r‖s (each `curveBytes` wide, big-endian).
 * `curveBytes` is 32 (P-256), 48 (P-384) or 66 (P-521). Returns `undefined` for anything that is
 * not strict DER, has trailing bytes, or has r or s outside [1, n-1]. Never throws.
 */
export function derToP1363(der: Uint8Array, curveBytes: number): Uint8Array | undefined {
  const order = curveOrderBytes(curveBytes); // n of the one curve table (src/cose/curves.ts)
  if (order === undefined || !(der instanceof Uint8Array)) return undefined;
  if (der[0] !== 0x30) return undefined;
  const seqLen = readLength(der, 1);
  if (seqLen === undefined) return undefined;
  const [length, bodyStart] = seqLen;
  const end = bodyStart + length;
  if (end !== der.length) return undefined; // truncated, or trailing bytes after the SEQUENCE
  const r = readInteger(der, bodyStart, end);
  if (r === undefined) return undefined;
  const s = readInteger(der, r[1], end);
  if (s === undefined || s[1] !== end) return undefined; // exactly two elements
  const out = new Uint8Array(curveBytes * 2);
  const rMag = r[0];
  const sMag = s[0];
  // r, s ∈ [1, n-1] (SEC 1 §4.1.4 step 1).
  if (rMag.length > curveBytes || sMag.length > curveBytes || !inRange(rMag, order) || !inRange(sMag, order)) return undefined;
  out.set(rMag, curveBytes - rMag.length);
  out.set(sMag, 2 * curveBytes - sMag.length);
  return out;
}

/**
 * Reads one BER definite length at `pos` (short or long form, not necessarily minimal; at most 4
 * length bytes, value ≤ 4096). Indefinite lengths (0x80) are refused. Returns [length, next offset].
 */
function readLenientLength(ber: Uint8Array, pos: number): [number, number] | undefined {
  const first = ber[pos];
  if (first === undefined || first === 0x80) return undefined;
  if (first < 0x80) return [first, pos + 1];
  const count = first & 0x7f;
  if (count > 4 || pos + 1 + count > ber.length) return undefined;
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + ber[pos + i]!;
  return length > 4096 ? undefined : [length, pos + 1 + count];
}

/** One INTEGER with a possibly non-minimal length or zero padding; its magnitude, or undefined when negative. */
function readLenientInteger(ber: Uint8Array, pos: number, end: number): [Uint8Array, number] | undefined {
  if (ber[pos] !== 0x02) return undefined;
  const len = readLenientLength(ber, pos + 1);
  if (len === undefined) return undefined;
  const [length, start] = len;
  const stop = start + length;
  if (length === 0 || stop > end) return undefined;
  if (ber[start]! >= 0x80) return undefined; // negative (X.690 §8.3.3): never "recovered"
  let i = start;
  while (i < stop - 1 && ber[i] === 0) i++;
  // Magnitudes wider than the largest order (P-521) cannot be a valid r or s.
  return stop - i > CURVE_BYTES['P-521'] ? undefined : [ber.subarray(i, stop), stop];
}

/**
 * The canonical DER re-encoding of an ECDSA-Sig-Value written with the recoverable BER deviations
 * real authenticators emit (go-webauthn #408: `30 45 02 20 00 54 1b …`, an INTEGER with an
 * unnecessary leading 0x00; go-webauthn #637/#710: YubiKey 5.8 certificates with long-form lengths):
 * non-minimal definite lengths and zero-padded INTEGER contents. r and s keep their values; a
 * negative INTEGER, an indefinite length, a third element or any trailing byte gives `undefined`.
 * Canonical input comes back byte-identical. Range checks (1 ≤ r, s < n) stay with derToP1363.
 */
export function canonicalEcdsaDer(ber: Uint8Array): Uint8Array | undefined {
  if (!(ber instanceof Uint8Array) || ber[0] !== 0x30) return undefined;
  const seqLen = readLenientLength(ber, 1);
  if (seqLen === undefined) return undefined;
  const [length, bodyStart] = seqLen;
  const end = bodyStart + length;
  if (end !== ber.length) return undefined; // truncated, or trailing bytes after the SEQUENCE
  const r = readLenientInteger(ber, bodyStart, end);
  const s = r === undefined ? undefined : readLenientInteger(ber, r[1], end);
  if (r === undefined || s === undefined || s[1] !== end) return undefined; // exactly two INTEGERs
  const body = [...encodeInteger(r[0]), ...encodeInteger(s[0])];
  return new Uint8Array([0x30, ...encodeLength(body.length), ...body]);
}

/**
 * How an ECDSA signature is encoded: 'canonical' (strict DER), 'recoverable' (canonicalEcdsaDer
 * can rewrite it without changing r or s) or 'invalid' (neither; the verdict will be false).
 */
export function ecdsaDerForm(sig: Uint8Array): 'canonical' | 'recoverable' | 'invalid' {
  const canonical = canonicalEcdsaDer(sig);
  if (canonical === undefined) return 'invalid';
  if (canonical.length !== sig.length) return 'recoverable';
  for (let i = 0; i < sig.length; i++) if (canonical[i] !== sig[i]) return 'recoverable';
  return 'canonical';
}

/** DER length bytes (definite, minimal). */
function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  return [0x82, length >> 8, length & 0xff];
}

/** Minimal non-negative DER INTEGER from an unsigned big-endian magnitude. */
function encodeInteger(magnitude: Uint8Array): number[] {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const body = Array.from(magnitude.subarray(i));
  if (body.length === 0) body.push(0);
  if (body[0]! >= 0x80) body.unshift(0);
  return [0x02, ...encodeLength(body.length), ...body];
}

/**
 * Fixed-width r‖s (P1363, what WebCrypto `sign` returns) → DER ECDSA-Sig-Value (what WebAuthn
 * authenticators send). The input length must be even and non-zero; otherwise this is a caller bug
 * and throws `ERR_SIGNATURE_MALFORMED`.
 */
export function p1363ToDer(sig: Uint8Array): Uint8Array {
  if (!(sig instanceof Uint8Array) || sig.length === 0 || sig.length % 2 !== 0 || sig.length > 264) {
    throw new WebAuthnError('ERR_SIGNATURE_MALFORMED', 'P1363 signature must be a non-empty even-length r‖s', {
      expected: 'even length 2..264',
      received: sig instanceof Uint8Array ? sig.length : typeof sig,
    });
  }
  const half = sig.length / 2;
  const body = [...encodeInteger(sig.subarray(0, half)), ...encodeInteger(sig.subarray(half))];
  return new Uint8Array([0x30, ...encodeLength(body.length), ...body]);
}
