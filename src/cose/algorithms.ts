/**
 * The COSE signature algorithms this library verifies (IANA "COSE Algorithms" registry; RFC 9053,
 * RFC 8230 for RSA, RFC 8812 for RS1, RFC 9864 for Ed25519/Ed448, the COSE/JOSE ML-DSA draft for AKP).
 * WebAuthn §5.8.5 (COSEAlgorithmIdentifier) names these ids; §6.5.1 (credentialPublicKey) puts `alg` in every credential key.
 *
 * The table is static and frozen: there is no registration at import time, so no importer can swap
 * an algorithm (STYLE.md §6.1).
 */
import type { COSEPublicKey } from './types.js';
import type { HashName } from '../crypto/hash.js';
import { WebAuthnError } from '../errors.js';

export type COSEKeyTypeName = COSEPublicKey['kty'];
export type COSECurveName = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'Ed448';
export type SignatureFamily = 'ECDSA' | 'EdDSA' | 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ML-DSA';

/** WebCrypto parameters: `importKey` algorithm and `verify` algorithm (undefined where none exists). */
export interface WebCryptoParams {
  readonly importAlgorithm: Readonly<Record<string, string | number>>;
  readonly verifyAlgorithm: Readonly<Record<string, string | number>>;
}

export interface COSEAlgorithm {
  readonly id: number;
  readonly name: string;
  readonly family: SignatureFamily;
  readonly kty: COSEKeyTypeName;
  /** Curves this alg may be used with (EC2/OKP); empty for RSA/AKP. */
  readonly curves: readonly COSECurveName[];
  /** Message hash (ECDSA/RSA); undefined for EdDSA and ML-DSA, which hash internally. */
  readonly hash: HashName | undefined;
  /** WebCrypto parameters; undefined when they depend on the key (EdDSA -8) or WebCrypto lacks the alg. */
  readonly webCrypto: WebCryptoParams | undefined;
  /** ML-DSA public key and signature sizes (FIPS 204 Table 2). */
  readonly publicKeyLength?: number;
  readonly signatureLength?: number;
}

function alg(a: COSEAlgorithm): COSEAlgorithm {
  return Object.freeze({ ...a, curves: Object.freeze([...a.curves]) });
}

function wc(importAlgorithm: Record<string, string | number>, verifyAlgorithm: Record<string, string | number>): WebCryptoParams {
  return Object.freeze({ importAlgorithm: Object.freeze(importAlgorithm), verifyAlgorithm: Object.freeze(verifyAlgorithm) });
}

const ecdsa = (id: number, name: string, curve: 'P-256' | 'P-384' | 'P-521', hash: HashName): COSEAlgorithm =>
  alg({ id, name, family: 'ECDSA', kty: 'EC2', curves: [curve], hash,
    webCrypto: wc({ name: 'ECDSA', namedCurve: curve }, { name: 'ECDSA', hash }) });

const pkcs1 = (id: number, name: string, hash: HashName): COSEAlgorithm =>
  alg({ id, name, family: 'RSASSA-PKCS1-v1_5', kty: 'RSA', curves: [], hash,
    webCrypto: wc({ name: 'RSASSA-PKCS1-v1_5', hash }, { name: 'RSASSA-PKCS1-v1_5' }) });

// RFC 8230 §2: PSS with MGF1 using the same hash and a salt as long as the hash output.
const pss = (id: number, name: string, hash: HashName, saltLength: number): COSEAlgorithm =>
  alg({ id, name, family: 'RSA-PSS', kty: 'RSA', curves: [], hash,
    webCrypto: wc({ name: 'RSA-PSS', hash }, { name: 'RSA-PSS', saltLength }) });

const mldsa = (id: number, name: string, publicKeyLength: number, signatureLength: number): COSEAlgorithm =>
  alg({ id, name, family: 'ML-DSA', kty: 'AKP', curves: [], hash: undefined, webCrypto: undefined,
    publicKeyLength, signatureLength });

/** Every supported algorithm, by COSE id (a frozen record: `COSE_ALGORITHMS[-7].name === 'ES256'`). */
export const COSE_ALGORITHMS: Readonly<Record<number, COSEAlgorithm>> = Object.freeze(
  Object.fromEntries(
    [
      // RFC 9053 §2.2: -8 "EdDSA" is curve-agnostic (Ed25519 or Ed448, chosen by the key's crv).
      alg({ id: -8, name: 'EdDSA', family: 'EdDSA', kty: 'OKP', curves: ['Ed25519', 'Ed448'], hash: undefined, webCrypto: undefined }),
      // RFC 9864: fully specified EdDSA ids, each bound to one curve.
      alg({ id: -19, name: 'Ed25519', family: 'EdDSA', kty: 'OKP', curves: ['Ed25519'], hash: undefined,
        webCrypto: wc({ name: 'Ed25519' }, { name: 'Ed25519' }) }),
      alg({ id: -53, name: 'Ed448', family: 'EdDSA', kty: 'OKP', curves: ['Ed448'], hash: undefined,
        webCrypto: wc({ name: 'Ed448' }, { name: 'Ed448' }) }),
      // RFC 9053 §2.1: ECDSA hash bound to the curve (ES256↔P-256 etc., WebAuthn §5.8.5).
      ecdsa(-7, 'ES256', 'P-256', 'SHA-256'),
      ecdsa(-35, 'ES384', 'P-384', 'SHA-384'),
      ecdsa(-36, 'ES512', 'P-521', 'SHA-512'),
      pkcs1(-257, 'RS256', 'SHA-256'),
      pkcs1(-258, 'RS384', 'SHA-384'),
      pkcs1(-259, 'RS512', 'SHA-512'),
      pkcs1(-65535, 'RS1', 'SHA-1'), // RFC 8812 §2: legacy, TPM/FIDO conformance only
      pss(-37, 'PS256', 'SHA-256', 32),
      pss(-38, 'PS384', 'SHA-384', 48),
      pss(-39, 'PS512', 'SHA-512', 64),
      mldsa(-48, 'ML-DSA-44', 1312, 2420),
      mldsa(-49, 'ML-DSA-65', 1952, 3309),
      mldsa(-50, 'ML-DSA-87', 2592, 4627),
    ].map((a) => [a.id, a] as const),
  ),
);

const unboundEcdsa = new Map<string, COSEAlgorithm>();

/**
 * ECDSA on `curve` with `hash`, for X.509 certificate signatures only: RFC 5758 lets a CA sign with
 * any SHA-2 on any curve (real attestation chains sign ecdsa-with-SHA256 with a P-384 key), where
 * COSE binds the hash to the curve. The curve-bound pair returns the table entry (ES256/384/512);
 * any other pair a table-shaped entry with `id` 0, which no COSE key or statement can name.
 */
export function ecdsaWithHash(curve: 'P-256' | 'P-384' | 'P-521', hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): COSEAlgorithm {
  const bound = { 'P-256': -7, 'P-384': -35, 'P-521': -36 }[curve];
  const entry = COSE_ALGORITHMS[bound]!;
  if (entry.hash === hash) return entry;
  const key = `${curve}/${hash}`;
  let a = unboundEcdsa.get(key);
  if (a === undefined) unboundEcdsa.set(key, (a = ecdsa(0, `ECDSA ${curve} ${hash}`, curve, hash)));
  return a;
}

/** The algorithm's name ("ES256"), or undefined for an id we do not support. */
export function coseAlgorithmName(id: number): string | undefined {
  return coseAlgorithm(id)?.name;
}

/** The table entry for `id`, or undefined. */
export function coseAlgorithm(id: number): COSEAlgorithm | undefined {
  return typeof id === 'number' && Object.hasOwn(COSE_ALGORITHMS, id) ? COSE_ALGORITHMS[id] : undefined;
}

/**
 * The algorithm to verify with: `alg` if given, else the key's own alg. Throws for misuse:
 * unknown/absent alg (ERR_COSE_ALG_UNSUPPORTED); alg of another key type or curve, or an explicit
 * alg that differs from the key's own `alg` (ERR_COSE_ALG_MISMATCH; RFC 9052 §7.1: a key's `alg`
 * restricts the algorithm it may be used with).
 */
export function resolveAlgorithm(key: COSEPublicKey, algId?: number): COSEAlgorithm {
  const id = algId ?? key.alg;
  const info = id === undefined ? undefined : coseAlgorithm(id);
  if (info === undefined) {
    throw new WebAuthnError('ERR_COSE_ALG_UNSUPPORTED', 'Unsupported COSE algorithm', {
      expected: Object.keys(COSE_ALGORITHMS).map(Number),
      received: id,
    });
  }
  if (key.alg !== undefined && key.alg !== info.id) {
    throw new WebAuthnError('ERR_COSE_ALG_MISMATCH', 'Algorithm differs from the key alg', {
      expected: key.alg,
      received: info.id,
    });
  }
  if (info.kty !== key.kty) {
    throw new WebAuthnError('ERR_COSE_ALG_MISMATCH', 'Algorithm does not match the key type', {
      expected: info.kty,
      received: key.kty,
      alg: info.id,
    });
  }
  if ((key.kty === 'EC2' || key.kty === 'OKP') && !info.curves.includes(key.crv)) {
    throw new WebAuthnError('ERR_COSE_ALG_MISMATCH', 'Algorithm does not match the key curve', {
      expected: info.curves,
      received: key.crv,
      alg: info.id,
    });
  }
  return info;
}
