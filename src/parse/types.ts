/**
 * The JSON forms of PublicKeyCredential that browsers produce with `toJSON()` (WebAuthn L3 §5.1,
 * RegistrationResponseJSON / AuthenticationResponseJSON). Every binary field is unpadded base64url.
 * These are the shapes verifyRegistration and verifyAssertion accept; they are checked field by
 * field at run time (src/parse/envelope.ts), since they arrive from the network.
 */

export type Base64URLString = string;

export interface AuthenticatorAttestationResponseJSON {
  clientDataJSON: Base64URLString;
  attestationObject: Base64URLString;
  authenticatorData?: Base64URLString;
  transports?: string[];
  publicKeyAlgorithm?: number;
  publicKey?: Base64URLString;
}

export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: AuthenticatorAttestationResponseJSON;
  authenticatorAttachment?: string | null;
  clientExtensionResults?: Record<string, unknown>;
}

export interface AuthenticatorAssertionResponseJSON {
  clientDataJSON: Base64URLString;
  authenticatorData: Base64URLString;
  signature: Base64URLString;
  userHandle?: Base64URLString | null;
}

export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: AuthenticatorAssertionResponseJSON;
  authenticatorAttachment?: string | null;
  clientExtensionResults?: Record<string, unknown>;
}
