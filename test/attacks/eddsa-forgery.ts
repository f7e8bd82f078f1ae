/**
 * Hand-built forgeries for the small-order EdDSA key attack (issue 11, finding 1), shared by
 * ed25519-small-order.test.ts and ed448-small-order.test.ts. No private key exists anywhere here:
 * the "credential" key is a chosen curve point, and the signature is chosen bytes.
 *
 * With A = identity, R = identity and S = 0, the cofactorless RFC 8032 check [S]B = R + [k]A that
 * OpenSSL runs (node:crypto, WebCrypto on Node) reads 0 = 0 + [k]·0 for every message, so before the
 * fix both a packed self attestation and every later assertion "verified".
 */
import { encodeCbor } from '../../src/testing/cbor-encode.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import type { VerifyAssertionOptions } from '../../src/ceremony/assertion.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/parse/types.js';
import { buildAuthenticatorData, buildClientDataJSON, okpCoseKey } from '../../src/testing/index.js';
import type { VerifyRegistrationOptions } from '../../src/ceremony/registration.js';

export const RP = 'example.com';
export const ORIGIN = 'https://example.com';
export const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x5a));
const CREDENTIAL_ID = new Uint8Array(16).fill(0x42);

/** The canonical identity point (x = 0, y = 1), little-endian: 01 00…00. */
export function identityPoint(bytes: number): Uint8Array {
  const p = new Uint8Array(bytes);
  p[0] = 1;
  return p;
}

/** R = identity, S = 0: the forged signature for A = identity, for any message. */
export function identitySignature(bytes: number): Uint8Array {
  return concat(identityPoint(bytes), new Uint8Array(bytes));
}

/** §8.2 packed self attestation {alg, sig} with a chosen credential key and chosen sig (no signing: S = 0 needs no message). */
export async function forgedRegistration(crv: 'Ed25519' | 'Ed448', alg: number, x: Uint8Array, sig: Uint8Array): Promise<VerifyRegistrationOptions> {
  return forgedRegistrationWithKey(okpCoseKey(crv, x, alg), alg, sig);
}

/** The same for any COSE_Key bytes (the EC2 attack file uses it too). */
export async function forgedRegistrationWithKey(publicKey: Uint8Array, alg: number, sig: Uint8Array): Promise<VerifyRegistrationOptions> {
  const clientData = buildClientDataJSON({ type: 'webauthn.create', challenge: CHALLENGE, origin: ORIGIN });
  const authData = await buildAuthenticatorData({
    rpId: RP,
    signCount: 0,
    attestedCredentialData: { aaguid: new Uint8Array(16), credentialId: CREDENTIAL_ID, publicKey },
  });
  const attStmt = new Map<string, unknown>([['alg', alg], ['sig', sig]]);
  const attestationObject = encodeCbor(new Map<string, unknown>([['fmt', 'packed'], ['attStmt', attStmt], ['authData', authData]]));
  const id = encodeBase64url(CREDENTIAL_ID);
  const response: RegistrationResponseJSON = {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: encodeBase64url(clientData.bytes),
      attestationObject: encodeBase64url(attestationObject),
      authenticatorData: encodeBase64url(authData),
      publicKeyAlgorithm: alg,
    },
    clientExtensionResults: {},
  };
  return { response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, supportedAlgorithms: [alg] };
}

/** An assertion carrying `sig` for whatever `publicKey` the credential record holds. */
export async function forgedAssertion(sig: Uint8Array, publicKey: VerifyAssertionOptions['credential']['publicKey']): Promise<VerifyAssertionOptions> {
  const clientData = buildClientDataJSON({ type: 'webauthn.get', challenge: CHALLENGE, origin: ORIGIN });
  const authData = await buildAuthenticatorData({ rpId: RP, signCount: 1 });
  const id = encodeBase64url(CREDENTIAL_ID);
  const response: AuthenticationResponseJSON = {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: encodeBase64url(clientData.bytes),
      authenticatorData: encodeBase64url(authData),
      signature: encodeBase64url(sig),
    },
    clientExtensionResults: {},
  };
  return {
    response,
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP,
    credential: { id, publicKey, counter: 0 },
  };
}
