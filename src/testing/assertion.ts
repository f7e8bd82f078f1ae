/**
 * Software authenticator, authentication: builds an AuthenticationResponseJSON (WebAuthn L3 §5.1
 * `PublicKeyCredential.toJSON()`). The signature covers authenticatorData ‖ SHA-256(clientDataJSON)
 * (§6.3.3 authenticatorGetAssertion step 11, checked by the RP in §7.2 step "Using credentialPublicKey…").
 */
import { encodeBase64url } from '../encoding/base64url.js';
import { concat } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { AuthenticationResponseJSON } from '../parse/types.js';
import { buildAuthenticatorData, sha256, type AuthenticatorDataFlags } from './authenticator-data.js';
import { buildClientDataJSON } from './client-data.js';
import type { TestCredential } from './credential.js';
import {
  applyPostSigningAuthDataFaults,
  applyPreSigningAuthDataFaults,
  signWithFaults,
  type CommonFaults,
} from './faults.js';

export interface AssertionFaults extends CommonFaults {
  /** Leaves response.userHandle out. */
  omitUserHandle?: boolean;
}

export interface CreateAssertionResponseOptions {
  credential: TestCredential;
  /** base64url text or raw bytes; clientData.challenge is its base64url form. */
  challenge: string | Uint8Array;
  origin: string;
  rpId: string;
  /** Defaults: up, uv true; be, bs, at false; ed = extensions given. `at` sets the bit only. */
  flags?: AuthenticatorDataFlags;
  /** Counter in authData. Default: ++credential.signCount (the credential's counter advances, like a real authenticator). When given, the credential is left untouched. */
  signCount?: number;
  /** Default credential.userHandle; null leaves it out (as toJSON does for a null userHandle). */
  userHandle?: Uint8Array | null;
  /** Authenticator extension outputs, CBOR-encoded after the counter (sets ED). */
  extensions?: Record<string, unknown> | Map<unknown, unknown>;
  crossOrigin?: boolean;
  topOrigin?: string;
  clientDataExtra?: Record<string, unknown>;
  /** clientExtensionResults; default {}. */
  clientExtensionResults?: Record<string, unknown>;
  faults?: AssertionFaults;
}

export async function createAssertionResponse(options: CreateAssertionResponseOptions): Promise<AuthenticationResponseJSON> {
  const { credential } = options;
  const faults = options.faults ?? {};

  let signCount = options.signCount;
  if (signCount === undefined) {
    if (credential.signCount >= 0xffffffff) {
      throw new WebAuthnError('ERR_OPTIONS_INVALID', 'The credential counter would overflow 32 bits', {
        received: credential.signCount,
      });
    }
    signCount = ++credential.signCount;
  }

  const clientData = buildClientDataJSON({
    type: 'webauthn.get',
    challenge: options.challenge,
    origin: options.origin,
    crossOrigin: options.crossOrigin,
    topOrigin: options.topOrigin,
    clientDataExtra: options.clientDataExtra,
    faults,
  });
  const clientDataHash = await sha256(clientData.bytes);

  const built = await buildAuthenticatorData({
    rpId: options.rpId,
    rpIdHash: faults.rpIdHash,
    flags: { at: false, ...options.flags },
    rawFlags: faults.rawFlags,
    signCount,
    extensions: options.extensions,
  });
  const authData = applyPreSigningAuthDataFaults(built, faults);
  const signature = await signWithFaults(credential.privateKey, credential.alg, concat(authData, clientDataHash), faults);
  const sentAuthData = applyPostSigningAuthDataFaults(authData, faults);

  const id = encodeBase64url(credential.id);
  const response: AuthenticationResponseJSON['response'] = {
    clientDataJSON: encodeBase64url(clientData.bytes),
    authenticatorData: encodeBase64url(sentAuthData),
    signature: encodeBase64url(signature),
  };
  const userHandle = options.userHandle === undefined ? credential.userHandle : options.userHandle;
  if (userHandle !== null && !faults.omitUserHandle) response.userHandle = encodeBase64url(userHandle);
  return {
    id: faults.responseId ?? id,
    rawId: faults.rawId ?? id,
    type: 'public-key',
    response,
    clientExtensionResults: options.clientExtensionResults ?? {},
  };
}
