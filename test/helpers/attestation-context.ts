/**
 * Builds AttestationContext values by hand for statement-level tests of the attestation formats
 * (none / packed / fido-u2f), from generated keys or from the shared registration vectors.
 */
import { createHash } from 'node:crypto';
import type { AuthenticatorData } from '../../src/parse/authenticator-data.js';
import { decodeCbor, decodeCborPrefix, isCborMap, type CborMap } from '../../src/cbor/decode.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import type { COSEPublicKey } from '../../src/cose/types.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import type { AttestationContext, AttestationPolicy } from '../../src/attestation/types.js';
import { p1363ToDer } from '../../src/signature/der.js';
import { parseTrustAnchors } from '../../src/x509/pem.js';
import type { ParsedCertificate } from '../../src/x509/certificate.js';
import type { VectorCase } from './fixtures.js';

export const DEFAULT_POLICY: AttestationPolicy = {
  allowRS1InStatement: true,
  androidKeyAllowSoftwareEnforced: false,
  safetyNetMaxAgeMs: 60_000,
  tpmRequireKnownVendor: false,
  fidoU2FRequireZeroAaguid: false,
};

export const sha256 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(b).digest());

/** rpIdHash ‖ flags(UP|AT) ‖ counter ‖ aaguid ‖ len ‖ credentialId ‖ coseKey (placeholder bytes are fine here). */
export function buildAuthData(opts: { rpId?: string; aaguid?: Uint8Array; credentialId?: Uint8Array; coseKey?: Uint8Array } = {}): Uint8Array {
  const rpIdHash = sha256(new TextEncoder().encode(opts.rpId ?? 'example.com'));
  const aaguid = opts.aaguid ?? new Uint8Array(16);
  const credentialId = opts.credentialId ?? crypto.getRandomValues(new Uint8Array(32));
  const coseKey = opts.coseKey ?? new Uint8Array([0xa0]);
  return new Uint8Array([
    ...rpIdHash, 0x41, 0, 0, 0, 1, ...aaguid, credentialId.length >> 8, credentialId.length & 0xff, ...credentialId, ...coseKey,
  ]);
}

export function makeContext(opts: {
  authData: Uint8Array;
  credentialKey: COSEPublicKey;
  clientDataHash?: Uint8Array;
  now?: Date;
  trustAnchors?: readonly ParsedCertificate[];
  policy?: Partial<AttestationPolicy>;
}): AttestationContext {
  return {
    authData: opts.authData,
    parsedAuthData: {} as AuthenticatorData,
    credentialKey: opts.credentialKey,
    clientDataHash: opts.clientDataHash ?? crypto.getRandomValues(new Uint8Array(32)),
    now: opts.now ?? new Date(),
    trustAnchors: opts.trustAnchors,
    policy: { ...DEFAULT_POLICY, ...opts.policy },
  };
}

/** A generated EC key pair as an ES256/384/512 COSE key (alg set) plus a DER-signing function. */
export async function ecCredential(crv: 'P-256' | 'P-384' | 'P-521' = 'P-256') {
  const alg = crv === 'P-256' ? -7 : crv === 'P-384' ? -35 : -36;
  const hash = crv === 'P-256' ? 'SHA-256' : crv === 'P-384' ? 'SHA-384' : 'SHA-512';
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: crv }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const coseKey: COSEPublicKey = { kty: 'EC2', alg, crv, x: decodeBase64url(jwk.x!), y: decodeBase64url(jwk.y!) };
  return { keys, coseKey, sign: (data: Uint8Array) => signEcdsaDer(keys.privateKey, hash, data) };
}

export async function signEcdsaDer(privateKey: CryptoKey, hash: string, data: Uint8Array): Promise<Uint8Array> {
  const p1363 = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash }, privateKey, new Uint8Array(data)));
  return p1363ToDer(p1363);
}

/** The pieces of a shared registration vector a statement verifier needs. */
export function vectorContext(c: VectorCase): { fmt: string; attStmt: CborMap; ctx: AttestationContext } {
  const attObj = decodeCbor(decodeBase64url(c.response.response.attestationObject)) as CborMap;
  const authData = attObj.get('authData') as Uint8Array;
  const attStmt = attObj.get('attStmt');
  if (!isCborMap(attStmt)) throw new Error('attStmt not a map');
  const idLen = (authData[53]! << 8) | authData[54]!;
  const { end } = decodeCborPrefix(authData, 55 + idLen);
  const credentialKey = decodeCOSEKey(authData.subarray(55 + idLen, end));
  const clientDataHash = sha256(decodeBase64url(c.response.response.clientDataJSON));
  return {
    fmt: attObj.get('fmt') as string,
    attStmt,
    ctx: makeContext({
      authData,
      credentialKey,
      clientDataHash,
      ...(c.expected.now ? { now: new Date(c.expected.now) } : {}),
      ...(c.trustAnchors ? { trustAnchors: parseTrustAnchors(c.trustAnchors) } : {}),
    }),
  };
}
