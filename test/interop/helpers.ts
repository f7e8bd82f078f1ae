/**
 * Inputs with the exact shapes authenticators in the field emit (issue 16), built from genuine
 * responses of the software authenticator.
 */
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { p256 } from '@noble/curves/nist.js';
import { children, readTlv } from '../../src/x509/der.js';

/** DER length bytes, minimal. */
const len = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);

/**
 * P-256/SHA-256 signature r‖s (32 bytes each) with a fresh random nonce each call: noble with extra
 * entropy, from the key's JWK `d`. (WebCrypto would do on Node, but Deno's ECDSA is deterministic, so
 * re-signing the same data never yields another r.)
 */
async function p1363(privateKey: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  const d = decodeBase64url((await crypto.subtle.exportKey('jwk', privateKey)).d);
  return p256.sign(data, d, { lowS: false, extraEntropy: true });
}

/**
 * go-webauthn #408's shape `30 45 02 20 00 54 1b …`: r written 32 bytes wide although it is a
 * 31-byte number (an unnecessary leading 0x00), s canonical with its sign byte (02 21 00 …).
 * Signs until r < 2^248 (top byte 0, next < 0x80) and s has its top bit set (about 1 in 1024).
 */
export async function fieldShapeSignature(privateKey: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  for (let i = 0; i < 20_000; i++) {
    const sig = await p1363(privateKey, data);
    const r = sig.subarray(0, 32);
    const s = sig.subarray(32);
    if (r[0] === 0 && r[1]! < 0x80 && r[1]! > 0 && s[0]! >= 0x80) {
      return new Uint8Array([0x30, 0x45, 0x02, 0x20, ...r, 0x02, 0x21, 0x00, ...s]);
    }
  }
  throw new Error('no signature of the field shape in 20 000 tries');
}

/** The canonical DER of the same (r, s) as fieldShapeSignature's output. */
export function canonicalOfFieldShape(sig: Uint8Array): Uint8Array {
  const r = sig.subarray(5, 36);
  const s = sig.subarray(36);
  return new Uint8Array([0x30, 0x44, 0x02, 0x1f, ...r, ...s]);
}

/** Reads a canonical DER ECDSA-Sig-Value into its two INTEGER contents (with sign bytes). */
function integers(der: Uint8Array): [Uint8Array, Uint8Array] {
  const seq = readTlv(der, 0);
  const [r, s] = children(der, seq);
  return [der.subarray(r!.contentStart, r!.end), der.subarray(s!.contentStart, s!.end)];
}

/** The YubiKey 5.8 kind of BER: every length in long form (0x81 nn), contents unchanged. */
export function longFormLengths(der: Uint8Array): Uint8Array {
  const [r, s] = integers(der);
  const body = [0x02, 0x81, r.length, ...r, 0x02, 0x81, s.length, ...s];
  return new Uint8Array([0x30, 0x81, body.length, ...body]);
}

/** Two extra leading 0x00 bytes in r's contents (a non-minimal INTEGER, same value). */
export function zeroPaddedR(der: Uint8Array): Uint8Array {
  const [r, s] = integers(der);
  const body = [0x02, ...len(r.length + 2), 0, 0, ...r, 0x02, ...len(s.length), ...s];
  return new Uint8Array([0x30, ...len(body.length), ...body]);
}

/** r written as a negative INTEGER: a leading 0xff (never "recovered": it changes the value). */
export function negativeR(der: Uint8Array): Uint8Array {
  const [r, s] = integers(der);
  const body = [0x02, ...len(r.length + 1), 0xff, ...r, 0x02, ...len(s.length), ...s];
  return new Uint8Array([0x30, ...len(body.length), ...body]);
}

/** authenticatorData ‖ SHA-256(clientDataJSON) of an AuthenticationResponseJSON (§7.2 step 21). */
export async function assertionSignedData(response: { response: { clientDataJSON: string; authenticatorData: string } }): Promise<Uint8Array> {
  const clientDataJSON = decodeBase64url(response.response.clientDataJSON);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', clientDataJSON as Uint8Array<ArrayBuffer>));
  return concat(decodeBase64url(response.response.authenticatorData), hash);
}

/** A copy of an AuthenticationResponseJSON with another signature. */
export function withSignature<T extends { response: { signature: string } }>(response: T, signature: Uint8Array): T {
  return { ...response, response: { ...response.response, signature: encodeBase64url(signature) } };
}

/** DER TLV with a minimal length. */
const tlv = (tag: number, content: Uint8Array): Uint8Array => new Uint8Array([tag, ...len(content.length), ...content]);

/** A certificate re-assembled with its signature value rewritten by `rewrite` (tbs unchanged). */
export function withCertificateSignature(der: Uint8Array, rewrite: (sig: Uint8Array) => Uint8Array): Uint8Array {
  const root = readTlv(der, 0);
  const [tbs, alg, value] = children(der, root);
  const signature = der.subarray(value!.contentStart + 1, value!.end);
  const bitString = tlv(0x03, concat(new Uint8Array([0]), rewrite(signature)));
  return tlv(0x30, concat(der.subarray(tbs!.start, tbs!.end), der.subarray(alg!.start, alg!.end), bitString));
}
