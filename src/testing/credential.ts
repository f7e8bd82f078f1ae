/**
 * Test credentials for the software authenticator: key generation per COSE algorithm and signing
 * in the WebAuthn signature encodings of §6.5.5 ("Signature Formats for Packed Attestation,
 * FIDO U2F Attestation, and Assertion Signatures"): ECDSA as ASN.1 DER, RSA and EdDSA raw,
 * ML-DSA raw.
 *
 * WebCrypto algorithms: ES256 (-7), ES384 (-35), ES512 (-36), RS256/384/512 (-257/-258/-259),
 * RS1 (-65535), PS256/384/512 (-37/-38/-39), EdDSA/Ed25519 (-8, -19).
 * @noble (algorithms WebCrypto lacks): Ed448 (-53), ML-DSA-44/65/87 (-48/-49/-50).
 * Web-standard APIs only, so it runs on Node, Deno, Bun and in browsers.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { WebAuthnError } from '../errors.js';
import { p1363ToDer } from '../signature/der.js';
import { akpCoseKey, cryptoKeyToCoseKey, okpCoseKey } from './cose.js';

/** A private key WebCrypto cannot hold (Ed448, ML-DSA), signed with @noble. */
export interface NobleSigningKey {
  readonly kind: 'noble';
  readonly algorithm: 'Ed448' | 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export type TestPrivateKey = CryptoKey | NobleSigningKey;

export interface TestCredential {
  /** Credential ID (random; default 32 bytes). */
  id: Uint8Array;
  /** COSE algorithm identifier. */
  alg: number;
  /** COSE_Key bytes, canonical CBOR (CTAP2 key order 1, 3, -1, -2, -3). */
  publicKey: Uint8Array;
  /** Signing key: a WebCrypto key, or a noble wrapper for Ed448 / ML-DSA. */
  privateKey: TestPrivateKey;
  /** AAGUID, 16 bytes (default all zero). */
  aaguid: Uint8Array;
  /** User handle (random 16 bytes unless given). */
  userHandle: Uint8Array;
  /** The authenticator's signature counter; createAssertionResponse advances it. */
  signCount: number;
  /** DER SubjectPublicKeyInfo (what getPublicKey() returns), when WebCrypto can export it. */
  publicKeySpki?: Uint8Array;
}

type KeySpec =
  | { kind: 'ecdsa'; curve: 'P-256' | 'P-384' | 'P-521'; hash: string }
  | { kind: 'rsa'; name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS'; hash: string; saltLength: number }
  | { kind: 'ed25519' }
  | { kind: 'noble'; algorithm: NobleSigningKey['algorithm'] };

/** COSE alg → how to make and use the key (RFC 9053, RFC 8230, RFC 8812, fully-specified algs, ML-DSA draft). */
const SPECS: ReadonlyMap<number, KeySpec> = new Map<number, KeySpec>([
  [-7, { kind: 'ecdsa', curve: 'P-256', hash: 'SHA-256' }],
  [-35, { kind: 'ecdsa', curve: 'P-384', hash: 'SHA-384' }],
  [-36, { kind: 'ecdsa', curve: 'P-521', hash: 'SHA-512' }],
  [-257, { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', saltLength: 0 }],
  [-258, { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384', saltLength: 0 }],
  [-259, { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512', saltLength: 0 }],
  [-65535, { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1', saltLength: 0 }],
  [-37, { kind: 'rsa', name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }],
  [-38, { kind: 'rsa', name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }],
  [-39, { kind: 'rsa', name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 }],
  [-8, { kind: 'ed25519' }],
  [-19, { kind: 'ed25519' }],
  [-53, { kind: 'noble', algorithm: 'Ed448' }],
  [-48, { kind: 'noble', algorithm: 'ML-DSA-44' }],
  [-49, { kind: 'noble', algorithm: 'ML-DSA-65' }],
  [-50, { kind: 'noble', algorithm: 'ML-DSA-87' }],
]);

/** The COSE algorithms createTestCredential supports. */
export const SUPPORTED_TEST_ALGS: readonly number[] = Object.freeze([...SPECS.keys()]);

function specFor(alg: number): KeySpec {
  const spec = SPECS.get(alg);
  if (spec === undefined) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Unsupported test credential algorithm', {
      expected: SUPPORTED_TEST_ALGS,
      received: alg,
    });
  }
  return spec;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  // getRandomValues is limited to 65536 bytes per call.
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export interface GeneratedKeyPair {
  privateKey: TestPrivateKey;
  /** COSE_Key bytes. */
  coseKey: Uint8Array;
  /** DER SPKI when WebCrypto holds the key. */
  spki?: Uint8Array;
  /** The WebCrypto public key, when there is one. */
  publicCryptoKey?: CryptoKey;
}

const NOBLE = {
  Ed448: { keygen: () => { const s = ed448.utils.randomSecretKey(); return { secretKey: s, publicKey: ed448.getPublicKey(s) }; }, sign: (m: Uint8Array, s: Uint8Array) => ed448.sign(m, s) },
  'ML-DSA-44': { keygen: () => ml_dsa44.keygen(), sign: (m: Uint8Array, s: Uint8Array) => ml_dsa44.sign(m, s) },
  'ML-DSA-65': { keygen: () => ml_dsa65.keygen(), sign: (m: Uint8Array, s: Uint8Array) => ml_dsa65.sign(m, s) },
  'ML-DSA-87': { keygen: () => ml_dsa87.keygen(), sign: (m: Uint8Array, s: Uint8Array) => ml_dsa87.sign(m, s) },
} as const;

/** Generates a key pair for a COSE alg (RSA keys are 2048-bit). */
export async function generateCredentialKeyPair(alg: number): Promise<GeneratedKeyPair> {
  const spec = specFor(alg);
  if (spec.kind === 'noble') {
    const { secretKey, publicKey } = NOBLE[spec.algorithm].keygen();
    const privateKey: NobleSigningKey = { kind: 'noble', algorithm: spec.algorithm, secretKey, publicKey };
    const coseKey = spec.algorithm === 'Ed448' ? okpCoseKey('Ed448', publicKey, alg) : akpCoseKey(publicKey, alg);
    return { privateKey, coseKey };
  }
  let params: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
  if (spec.kind === 'ecdsa') params = { name: 'ECDSA', namedCurve: spec.curve };
  else if (spec.kind === 'rsa') {
    params = { name: spec.name, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: spec.hash };
  } else params = { name: 'Ed25519' };
  const pair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const coseKey = await cryptoKeyToCoseKey(pair.publicKey, alg);
  return { privateKey: pair.privateKey, coseKey, spki, publicCryptoKey: pair.publicKey };
}

export interface CreateTestCredentialOptions {
  /** COSE alg; default -7 (ES256). See SUPPORTED_TEST_ALGS. */
  alg?: number;
  /** Credential ID length in bytes; default 32. */
  idLength?: number;
  /** 16-byte AAGUID; default all zero. */
  aaguid?: Uint8Array;
  /** User handle; default 16 random bytes. */
  userHandle?: Uint8Array;
  /** Initial counter; default 0. */
  signCount?: number;
}

export async function createTestCredential(options: CreateTestCredentialOptions = {}): Promise<TestCredential> {
  const alg = options.alg ?? -7;
  const idLength = options.idLength ?? 32;
  // §6.1 / CTAP: credential IDs are 1..1023 bytes; the tester may want longer ones (negative cases).
  if (!Number.isInteger(idLength) || idLength < 0 || idLength > 65535) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'idLength must be an integer in 0..65535', { received: idLength });
  }
  const aaguid = options.aaguid ?? new Uint8Array(16);
  if (aaguid.length !== 16) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'aaguid must be 16 bytes', { received: aaguid.length });
  }
  const signCount = options.signCount ?? 0;
  if (!Number.isInteger(signCount) || signCount < 0 || signCount > 0xffffffff) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'signCount must be a 32-bit unsigned integer', { received: signCount });
  }
  const pair = await generateCredentialKeyPair(alg);
  const credential: TestCredential = {
    id: randomBytes(idLength),
    alg,
    publicKey: pair.coseKey,
    privateKey: pair.privateKey,
    aaguid: new Uint8Array(aaguid),
    userHandle: options.userHandle ? new Uint8Array(options.userHandle) : randomBytes(16),
    signCount,
  };
  if (pair.spki) credential.publicKeySpki = pair.spki;
  return credential;
}

/** The COSE alg implied by a private key (for keys passed in `signWith` or `x5c.privateKey`). */
export function algFromKey(key: TestPrivateKey): number {
  if ('kind' in key) {
    return { Ed448: -53, 'ML-DSA-44': -48, 'ML-DSA-65': -49, 'ML-DSA-87': -50 }[key.algorithm];
  }
  const a = key.algorithm as Algorithm & { namedCurve?: string; hash?: { name: string } };
  if (a.name === 'ECDSA') {
    const alg = { 'P-256': -7, 'P-384': -35, 'P-521': -36 }[a.namedCurve ?? ''];
    if (alg !== undefined) return alg;
  }
  if (a.name === 'Ed25519') return -8;
  const hash = a.hash?.name ?? '';
  if (a.name === 'RSASSA-PKCS1-v1_5') {
    const alg = { 'SHA-256': -257, 'SHA-384': -258, 'SHA-512': -259, 'SHA-1': -65535 }[hash];
    if (alg !== undefined) return alg;
  }
  if (a.name === 'RSA-PSS') {
    const alg = { 'SHA-256': -37, 'SHA-384': -38, 'SHA-512': -39 }[hash];
    if (alg !== undefined) return alg;
  }
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Cannot tell the COSE alg of this key', { received: a.name });
}

/**
 * Signs `data` the way an authenticator does for `alg` (§6.5.5): ECDSA → DER, RSA PKCS#1 v1.5 /
 * PSS (salt = hash length) → raw, Ed25519/Ed448 → raw 64/114 bytes, ML-DSA → raw.
 */
export async function signWebAuthn(key: TestPrivateKey, alg: number, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const spec = specFor(alg);
  if ('kind' in key) {
    if (spec.kind !== 'noble' || spec.algorithm !== key.algorithm) {
      throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Key does not match the algorithm', { expected: alg, received: key.algorithm });
    }
    return new Uint8Array(NOBLE[key.algorithm].sign(data, key.secretKey));
  }
  const input = new Uint8Array(data);
  try {
    if (spec.kind === 'ecdsa') {
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: spec.hash }, key, input));
      return new Uint8Array(p1363ToDer(raw));
    }
    if (spec.kind === 'rsa') {
      const params = spec.name === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: spec.saltLength } : { name: spec.name };
      return new Uint8Array(await crypto.subtle.sign(params, key, input));
    }
    if (spec.kind === 'ed25519') return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, input));
  } catch (cause) {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Signing failed (key does not fit the algorithm?)', { alg }, { cause });
  }
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Key does not match the algorithm', { expected: alg, received: 'CryptoKey' });
}

export { randomBytes as randomTestBytes };
