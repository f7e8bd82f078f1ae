/**
 * Certificate signatures (RFC 5280 §4.1.1.2–3, §6.1.3 a.1) verified with our own signature module,
 * the one the WebAuthn signatures go through (strict DER for ECDSA, exact RSA lengths, the same
 * backends and the Wycheproof corpus behind them), not with pkijs.
 *
 * Accepted signature algorithms, each with the issuer key type it requires and its parameters:
 * - ecdsa-with-SHA256/384/512 (RFC 5758 §3.2): parameters absent; an EC issuer key on any of our
 *   curves (a CA may pair any SHA-2 with any curve; real Android and Apple chains sign
 *   ecdsa-with-SHA256 with a P-384 key).
 * - sha1/sha256/sha384/sha512WithRSAEncryption (RFC 4055 §5): parameters NULL (or absent, which
 *   some encoders emit); an RSA issuer key. SHA-1 stays: real fido-u2f and SafetyNet chains use it.
 * - RSASSA-PSS (RFC 4055 §3.1) with SHA-256/384/512, MGF1 with the same hash, a salt as long as the
 *   hash and trailerField 1: the profile COSE PS256/384/512 uses. Other PSS parameters are refused.
 * - Ed25519 (RFC 8410 §3): parameters absent; an Ed25519 issuer key.
 * Anything else, or a signature algorithm that does not match the issuer's key type, is a `false`
 * verdict, which path validation reports as ERR_X509_SIGNATURE_INVALID.
 *
 * ECDSA signature values in recoverable BER (non-minimal lengths, zero-padded INTEGERs: YubiKey 5.8
 * attestation certificates, go-webauthn #637/#710) go through the same policy as WebAuthn
 * signatures (src/signature/verify.ts applyDerPolicy): by default ERR_SIGNATURE_NON_CANONICAL_DER
 * is thrown; 'normalize' (the ceremonies' `allowNonCanonicalSignatures: true`) verifies the DER form.
 */
import { COSE_ALGORITHMS, ecdsaWithHash, type COSEAlgorithm } from '../cose/algorithms.js';
import type { COSEPublicKey } from '../cose/types.js';
import { toHex } from '../encoding/bytes.js';
import { applyDerPolicy, verifyWithAlgorithm, type NonCanonicalDerPolicy, type SignatureBackend } from '../signature/verify.js';
import type { ParsedCertificate } from './certificate.js';
import { children, readTlv } from './der.js';
import { certificatePublicKey } from './public-key.js';

type Sha2 = 'SHA-256' | 'SHA-384' | 'SHA-512';

// Signature algorithm OIDs, DER with the 06 tag, as hex.
const ECDSA: Readonly<Record<string, Sha2>> = {
  '06082a8648ce3d040302': 'SHA-256', // 1.2.840.10045.4.3.2
  '06082a8648ce3d040303': 'SHA-384', // 1.2.840.10045.4.3.3
  '06082a8648ce3d040304': 'SHA-512', // 1.2.840.10045.4.3.4
};
const RSA_PKCS1: Readonly<Record<string, number>> = {
  '06092a864886f70d010105': -65535, // sha1WithRSAEncryption
  '06092a864886f70d01010b': -257, // sha256WithRSAEncryption
  '06092a864886f70d01010c': -258, // sha384WithRSAEncryption
  '06092a864886f70d01010d': -259, // sha512WithRSAEncryption
};
const OID_RSASSA_PSS = '06092a864886f70d01010a'; // 1.2.840.113549.1.1.10
const OID_ED25519 = '06032b6570'; // 1.3.101.112
const OID_MGF1 = '06092a864886f70d010108'; // 1.2.840.113549.1.1.8
const HASH_OIDS: Readonly<Record<string, { hash: Sha2; pss: number; saltLength: number }>> = {
  '0609608648016503040201': { hash: 'SHA-256', pss: -37, saltLength: 32 }, // id-sha256
  '0609608648016503040202': { hash: 'SHA-384', pss: -38, saltLength: 48 }, // id-sha384
  '0609608648016503040203': { hash: 'SHA-512', pss: -39, saltLength: 64 }, // id-sha512
};

interface SignedParts {
  tbs: Uint8Array;
  oid: string;
  params: Uint8Array | undefined;
  signature: Uint8Array;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }. */
function signedParts(der: Uint8Array): SignedParts | undefined {
  const root = readTlv(der, 0);
  const [tbs, alg, value] = children(der, root);
  if (tbs === undefined || alg === undefined || value === undefined || value.tag !== 0x03) return undefined;
  const [oid, params, ...more] = children(der, alg);
  if (oid === undefined || oid.tag !== 0x06 || more.length > 0) return undefined;
  // BIT STRING: the first content octet counts unused bits, which must be 0 for a signature.
  if (value.end - value.contentStart < 2 || der[value.contentStart] !== 0) return undefined;
  return {
    tbs: der.subarray(tbs.start, tbs.end),
    oid: toHex(der.subarray(oid.start, oid.end)),
    params: params === undefined ? undefined : der.subarray(params.start, params.end),
    signature: der.subarray(value.contentStart + 1, value.end),
  };
}

const isNull = (p: Uint8Array | undefined) => p !== undefined && p.length === 2 && p[0] === 0x05 && p[1] === 0x00;

/** RSASSA-PSS-params (RFC 4055 §3.1) → PS256/384/512 when they are exactly that profile. */
function pssAlgorithm(params: Uint8Array | undefined): COSEAlgorithm | undefined {
  if (params === undefined) return undefined; // the defaults are SHA-1 / MGF1-SHA-1 / salt 20: refused
  const seq = readTlv(params, 0);
  if (seq.tag !== 0x30 || seq.end !== params.length) return undefined;
  const fields = new Map(children(params, seq).map((f) => [f.tag, f]));
  const hashField = fields.get(0xa0);
  const mgfField = fields.get(0xa1);
  const saltField = fields.get(0xa2);
  const trailerField = fields.get(0xa3);
  if (hashField === undefined || mgfField === undefined || saltField === undefined || fields.size !== (trailerField ? 4 : 3)) return undefined;
  const algorithmOid = (tlv: { contentStart: number; end: number }): { oid: string; rest: Uint8Array } | undefined => {
    const ai = readTlv(params, tlv.contentStart, tlv.end);
    if (ai.tag !== 0x30 || ai.end !== tlv.end) return undefined;
    const [o, p] = children(params, ai);
    if (o === undefined || o.tag !== 0x06) return undefined;
    return { oid: toHex(params.subarray(o.start, o.end)), rest: p === undefined ? new Uint8Array(0) : params.subarray(p.start, ai.end) };
  };
  const hash = algorithmOid(hashField);
  const spec = hash === undefined ? undefined : HASH_OIDS[hash.oid];
  if (hash === undefined || spec === undefined || !(hash.rest.length === 0 || isNull(hash.rest))) return undefined;
  // maskGenAlgorithm: MGF1 whose parameter is the same hash AlgorithmIdentifier.
  const mgf = algorithmOid(mgfField);
  if (mgf === undefined || mgf.oid !== OID_MGF1) return undefined;
  const mgfHashSeq = readTlv(mgf.rest, 0);
  const [mgfHashOid, mgfHashParams] = children(mgf.rest, mgfHashSeq);
  if (mgfHashSeq.tag !== 0x30 || mgfHashSeq.end !== mgf.rest.length || mgfHashOid === undefined) return undefined;
  if (toHex(mgf.rest.subarray(mgfHashOid.start, mgfHashOid.end)) !== hash.oid) return undefined;
  if (mgfHashParams !== undefined && !isNull(mgf.rest.subarray(mgfHashParams.start, mgfHashParams.end))) return undefined;
  const saltInt = readTlv(params, saltField.contentStart, saltField.end);
  if (saltInt.tag !== 0x02 || saltInt.end !== saltField.end || saltInt.end - saltInt.contentStart !== 1) return undefined;
  if (params[saltInt.contentStart] !== spec.saltLength) return undefined;
  if (trailerField !== undefined) {
    const t = readTlv(params, trailerField.contentStart, trailerField.end);
    if (t.tag !== 0x02 || t.end !== trailerField.end || t.end - t.contentStart !== 1 || params[t.contentStart] !== 1) return undefined;
  }
  return COSE_ALGORITHMS[spec.pss];
}

/** The algorithm that `oid`/`params` name for an issuer key, or undefined when they do not fit it. */
function algorithmFor(parts: SignedParts, key: COSEPublicKey): COSEAlgorithm | undefined {
  const ecdsaHash = ECDSA[parts.oid];
  if (ecdsaHash !== undefined) return key.kty === 'EC2' && parts.params === undefined ? ecdsaWithHash(key.crv, ecdsaHash) : undefined;
  const pkcs1 = RSA_PKCS1[parts.oid];
  if (pkcs1 !== undefined) return key.kty === 'RSA' && (parts.params === undefined || isNull(parts.params)) ? COSE_ALGORITHMS[pkcs1] : undefined;
  if (parts.oid === OID_RSASSA_PSS) return key.kty === 'RSA' ? pssAlgorithm(parts.params) : undefined;
  if (parts.oid === OID_ED25519) return key.kty === 'OKP' && key.crv === 'Ed25519' && parts.params === undefined ? COSE_ALGORITHMS[-8] : undefined;
  return undefined;
}

/**
 * Whether `cert` carries a valid signature by `issuer`'s key. The issuer key must meet our key
 * rules (certificatePublicKey throws ERR_X509_UNSUPPORTED_KEY otherwise), and a recoverable
 * non-canonical ECDSA signature throws ERR_SIGNATURE_NON_CANONICAL_DER unless `nonCanonicalDer`
 * is 'normalize' (or 'verdict'); every other problem is false.
 */
export async function certificateSignatureVerifies(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  backend?: SignatureBackend,
  nonCanonicalDer: NonCanonicalDerPolicy = 'refuse',
): Promise<boolean> {
  return signedObjectVerifies(cert.der, issuer, backend, nonCanonicalDer);
}

/**
 * The same verdict for any X.509 signed object with the Certificate outer shape
 * SEQUENCE { tbs, signatureAlgorithm, signatureValue } (a CRL, RFC 5280 §5.1.1).
 */
export async function signedObjectVerifies(
  der: Uint8Array,
  issuer: ParsedCertificate,
  backend?: SignatureBackend,
  nonCanonicalDer: NonCanonicalDerPolicy = 'refuse',
): Promise<boolean> {
  const key = certificatePublicKey(issuer);
  let parts: SignedParts | undefined;
  let info: COSEAlgorithm | undefined;
  try {
    parts = signedParts(der);
    info = parts === undefined ? undefined : algorithmFor(parts, key);
  } catch {
    return false; // unreadable parameters: cert.der itself passed the strict DER walk in parseCertificate
  }
  if (parts === undefined || info === undefined) return false;
  // RFC 5280 §4.1.1.3 / RFC 5758 §3.2: the ECDSA value is DER; the one policy for BER forms.
  const signature = applyDerPolicy(info, parts.signature, nonCanonicalDer);
  return verifyWithAlgorithm(key, info, signature, parts.tbs, backend);
}
