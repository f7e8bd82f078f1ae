/**
 * The DER writer behind the test certificates and CRLs (X.690 §10 encodings of the few types X.509
 * needs) and their WebCrypto signers. Test-only: nothing here is hardened.
 */
import { concat, encodeUtf8 } from '../encoding/bytes.js';
import { p1363ToDer } from '../signature/der.js';
import { attributeOid } from '../x509/names.js';

export function tlv(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(new Uint8Array([tag, ...len]), content);
}

/** X.690 §8.19: dotted OID → DER (tag included). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const base128 = (n: number): number[] => {
    const out = [n % 128];
    for (let m = Math.floor(n / 128); m > 0; m = Math.floor(m / 128)) out.unshift((m % 128) | 0x80);
    return out;
  };
  return tlv(0x06, new Uint8Array([...base128(arcs[0]! * 40 + arcs[1]!), ...arcs.slice(2).flatMap(base128)]));
}

export const seq = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => tlv(0x30, concat(...parts));
export const NULL = new Uint8Array([0x05, 0x00]);

/** A positive DER INTEGER from big-endian magnitude bytes. */
export function integer(bytes: Uint8Array): Uint8Array {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && b[1]! < 0x80) b = b.subarray(1);
  return tlv(0x02, b[0]! >= 0x80 ? concat(new Uint8Array([0]), b) : b);
}

export function time(date: Date): Uint8Array {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; Zulu, with seconds.
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const generalized = date.getUTCFullYear() >= 2050;
  return tlv(generalized ? 0x18 : 0x17, encodeUtf8((generalized ? digits : digits.slice(2)) + 'Z'));
}

/**
 * An X.501 Name with ONE attribute per RelativeDistinguishedName (RFC 5280 §4.1.2.4), as CAs issue
 * them: SEQUENCE OF SET { AttributeTypeAndValue }; countryName as PrintableString, the rest UTF8String.
 */
export function name(attrs: ReadonlyArray<readonly [string, string]>): Uint8Array {
  return seq(
    ...attrs.map(([k, v]) => {
      const type = attributeOid(k);
      if (type === undefined) throw new Error(`unknown attribute name ${k}`);
      const value = tlv(type === '2.5.4.6' ? 0x13 : 0x0c, encodeUtf8(v));
      return tlv(0x31, seq(oid(type), value));
    }),
  );
}

export type Hash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
const HASH_OID: Readonly<Record<Hash, string>> = {
  'SHA-1': '1.3.14.3.2.26', 'SHA-256': '2.16.840.1.101.3.4.2.1', 'SHA-384': '2.16.840.1.101.3.4.2.2', 'SHA-512': '2.16.840.1.101.3.4.2.3',
};
const HASH_BYTES: Readonly<Record<Hash, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** The signature AlgorithmIdentifier and a signer for `key` with `hash` (RFC 5758, RFC 4055, RFC 8410). */
export async function signerFor(key: CryptoKey, hash: Hash): Promise<{ algorithm: Uint8Array; sign: (tbs: Uint8Array<ArrayBuffer>) => Promise<Uint8Array> }> {
  const name = key.algorithm.name;
  if (name === 'ECDSA') {
    if (hash === 'SHA-1') throw new Error('ecdsa-with-SHA1 is not issued');
    const algorithm = testSignatureAlgorithm('ECDSA', hash);
    return { algorithm, sign: async (tbs) => p1363ToDer(new Uint8Array(await crypto.subtle.sign({ name, hash }, key, tbs))) };
  }
  if (name === 'Ed25519') {
    return { algorithm: testSignatureAlgorithm('Ed25519'), sign: async (tbs) => new Uint8Array(await crypto.subtle.sign({ name }, key, tbs)) };
  }
  if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS') {
    // A WebCrypto RSA key is bound to one hash: re-import it for the requested one.
    const bound = (key.algorithm as RsaHashedKeyAlgorithm).hash.name;
    const k = bound === hash ? key : await crypto.subtle.importKey('pkcs8', await crypto.subtle.exportKey('pkcs8', key), { name, hash }, false, ['sign']);
    if (name === 'RSASSA-PKCS1-v1_5') {
      const algorithm = testSignatureAlgorithm(name, hash);
      return { algorithm, sign: async (tbs) => new Uint8Array(await crypto.subtle.sign({ name }, k, tbs)) };
    }
    // RSASSA-PSS-params: hash, MGF1 with the same hash, salt = hash length, trailer 1 (default, omitted).
    const hashId = seq(oid(HASH_OID[hash]), NULL);
    const params = seq(tlv(0xa0, hashId), tlv(0xa1, seq(oid('1.2.840.113549.1.1.8'), hashId)), tlv(0xa2, integer(new Uint8Array([HASH_BYTES[hash]]))));
    const algorithm = seq(oid('1.2.840.113549.1.1.10'), params);
    return { algorithm, sign: async (tbs) => new Uint8Array(await crypto.subtle.sign({ name, saltLength: HASH_BYTES[hash] }, k, tbs)) };
  }
  throw new Error(`cannot sign certificates with ${name}`);
}

/**
 * A signature AlgorithmIdentifier, DER: ecdsa-with-SHA256/384/512 (RFC 5758), sha*WithRSAEncryption
 * (RFC 4055, NULL parameters) or Ed25519 (RFC 8410). ECDSA signatures go in as DER (Ecdsa-Sig-Value).
 */
export function testSignatureAlgorithm(kind: 'ECDSA' | 'RSASSA-PKCS1-v1_5' | 'Ed25519', hash: Hash = 'SHA-256'): Uint8Array {
  if (kind === 'Ed25519') return seq(oid('1.3.101.112'));
  if (kind === 'ECDSA') {
    if (hash === 'SHA-1') throw new Error('ecdsa-with-SHA1 is not issued');
    return seq(oid({ 'SHA-256': '1.2.840.10045.4.3.2', 'SHA-384': '1.2.840.10045.4.3.3', 'SHA-512': '1.2.840.10045.4.3.4' }[hash]));
  }
  const rsa = { 'SHA-1': '1.2.840.113549.1.1.5', 'SHA-256': '1.2.840.113549.1.1.11', 'SHA-384': '1.2.840.113549.1.1.12', 'SHA-512': '1.2.840.113549.1.1.13' };
  return seq(oid(rsa[hash]), NULL);
}

