/** Builds (attStmt, AttestationContext) pairs from fixtures/webauthn registration cases (test-only). */
import { createHash } from 'node:crypto';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { decodeCbor, type CborMap } from '../../src/cbor/decode.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import type { AttestationContext, AttestationPolicy } from '../../src/attestation/types.js';
import { parseTrustAnchors } from '../../src/x509/pem.js';
import { loadWebAuthnVectors, type VectorCase } from './fixtures.js';

export const DEFAULT_POLICY: AttestationPolicy = Object.freeze({
  allowRS1InStatement: true,
  androidKeyAllowSoftwareEnforced: false,
  safetyNetMaxAgeMs: 60_000,
  tpmRequireKnownVendor: false,
  fidoU2FRequireZeroAaguid: false,
});

export interface VectorAttestation {
  case: VectorCase;
  fmt: string;
  attStmt: CborMap;
  ctx: AttestationContext;
}

export function registrationCases(fmt: string): VectorCase[] {
  return loadWebAuthnVectors().filter(
    (c) => c.ceremony === 'registration' && decodeAttestationObject(c).fmt === fmt,
  );
}

function decodeAttestationObject(c: VectorCase): { fmt: string; attStmt: CborMap; authData: Uint8Array } {
  const ao = decodeCbor(Buffer.from(c.response.response.attestationObject, 'base64url')) as CborMap;
  return { fmt: ao.get('fmt') as string, attStmt: ao.get('attStmt') as CborMap, authData: ao.get('authData') as Uint8Array };
}

export function vectorAttestation(c: VectorCase, overrides: Partial<AttestationContext> = {}): VectorAttestation {
  const { fmt, attStmt, authData } = decodeAttestationObject(c);
  const parsedAuthData = parseAuthenticatorData(authData);
  const credentialKey = decodeCOSEKey(parsedAuthData.attestedCredentialData!.credentialPublicKey);
  const clientDataHash = new Uint8Array(
    createHash('sha256').update(Buffer.from(c.response.response.clientDataJSON, 'base64url')).digest(),
  );
  const ctx: AttestationContext = {
    authData,
    parsedAuthData,
    credentialKey,
    clientDataHash,
    now: new Date(c.expected.now ?? Date.now()),
    trustAnchors: c.trustAnchors ? parseTrustAnchors(c.trustAnchors) : undefined,
    policy: DEFAULT_POLICY,
    ...overrides,
  };
  return { case: c, fmt, attStmt, ctx };
}

/** A copy of attStmt with `key` replaced (or deleted when value is undefined). */
export function withField(attStmt: CborMap, key: string, value: unknown): CborMap {
  const m = new Map(attStmt) as CborMap;
  if (value === undefined) m.delete(key);
  else m.set(key, value as never);
  return m;
}
