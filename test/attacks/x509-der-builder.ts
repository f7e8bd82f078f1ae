/**
 * Hand-built certificates for the X.509 attack tests: a tiny DER writer (lengths only, no
 * validation) and a self-issued ES256 certificate whose every part the test may replace with
 * arbitrary bytes. The TBS is signed with the test key, so a certificate the tests leave valid is a
 * real, verifiable one (node:crypto X509Certificate checks it in the positive cases).
 */
import { p1363ToDer } from '../../src/signature/der.js';

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** tag || DER length || content (short, 81 or 82 length forms). */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(...content);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(new Uint8Array([tag, ...len]), body);
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
export const ascii = (tag: number, text: string) => tlv(tag, new TextEncoder().encode(text));

export const ECDSA_SHA256 = seq(hex('06082a8648ce3d040302'));
export const ECDSA_SHA384 = seq(hex('06082a8648ce3d040303'));
export const OID_BASIC_CONSTRAINTS = hex('0603551d13');
export const OID_KEY_USAGE = hex('0603551d0f');

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
export function extension(oid: Uint8Array, critical: boolean, valueDer: Uint8Array): Uint8Array {
  return seq(oid, ...(critical ? [hex('0101ff')] : []), tlv(0x04, valueDer));
}

export interface CertificateParts {
  /** The whole serialNumber element (tag included). Default 02 01 01. */
  readonly serial?: Uint8Array;
  /** tbsCertificate.signature. Default ecdsa-with-SHA256. */
  readonly tbsAlgorithm?: Uint8Array;
  /** The outer signatureAlgorithm. Default: the same bytes as tbsAlgorithm. */
  readonly outerAlgorithm?: Uint8Array;
  /** notBefore / notAfter elements. Default UTCTime 2024-01-01 and 2034-01-01. */
  readonly notBefore?: Uint8Array;
  readonly notAfter?: Uint8Array;
  /** Extension elements; none = a v3 certificate without the extensions field. */
  readonly extensions?: readonly Uint8Array[];
  /** Rewrites the signatureValue BIT STRING content (unused-bits octet included). */
  readonly signatureContent?: (signature: Uint8Array) => Uint8Array;
}

let keys: Promise<CryptoKeyPair> | undefined;
const testKeys = () => (keys ??= crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>);

/** A self-issued v3 ES256 certificate (CN=Attack Test) built from `parts`, signed over its TBS. */
export async function buildCertificate(parts: CertificateParts = {}): Promise<Uint8Array> {
  const { publicKey, privateKey } = await testKeys();
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  const name = seq(tlv(0x31, seq(hex('0603550403'), ascii(0x0c, 'Attack Test'))));
  const tbsAlgorithm = parts.tbsAlgorithm ?? ECDSA_SHA256;
  const exts = parts.extensions ?? [];
  const tbs = seq(
    hex('a003020102'),
    parts.serial ?? hex('020101'),
    tbsAlgorithm,
    name,
    seq(parts.notBefore ?? ascii(0x17, '240101000000Z'), parts.notAfter ?? ascii(0x17, '340101000000Z')),
    name,
    spki,
    ...(exts.length > 0 ? [tlv(0xa3, seq(...exts))] : []),
  );
  const p1363 = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, tbs));
  const signature = concat(new Uint8Array([0]), p1363ToDer(p1363));
  return seq(tbs, parts.outerAlgorithm ?? tbsAlgorithm, tlv(0x03, parts.signatureContent?.(signature) ?? signature));
}

/** The WebAuthnError code and details.reason that `fn` throws, or 'accepted'. */
export function refusal(fn: () => unknown): { code: string; reason?: unknown } | 'accepted' {
  try {
    fn();
  } catch (e) {
    const err = e as { code?: string; details?: { reason?: unknown } };
    return { code: err.code ?? `not a WebAuthnError: ${String(e)}`, reason: err.details?.reason };
  }
  return 'accepted';
}
