/**
 * webauthn-verify/browser: the browser half, dependency-free. `createCredential(optionsJSON)` and
 * `getCredential(optionsJSON, { conditional? })` take the JSON that generateRegistrationOptions /
 * generateAuthenticationOptions return and resolve to the JSON verifyRegistration / verifyAssertion
 * take. They use the standard PublicKeyCredential.parseCreationOptionsFromJSON /
 * parseRequestOptionsFromJSON / toJSON (WebAuthn L3 §5.1.8–§5.1.10) where the browser has them and
 * an exact fallback where it does not; every failure is a coded WebAuthnError (ERR_BROWSER_*,
 * ERR_OPTIONS_INVALID; docs/errors.md).
 */
import { WebAuthnError } from '../errors.js';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '../browser-options.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../parse/types.js';
import { browserError, unsupported, type Ceremony } from './errors.js';
import { creationOptionsFromJSON, objectAt, requestOptionsFromJSON } from './options-json.js';
import { authenticationToJSON, registrationToJSON, type CredentialLike } from './response-json.js';

export { WebAuthnError, isWebAuthnError, type WebAuthnErrorCode } from '../errors.js';
export type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '../browser-options.js';
export type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../parse/types.js';

export interface CreateCredentialOptions {
  /** Aborts the request (navigator.credentials.create's `signal`). */
  signal?: AbortSignal;
}

export interface GetCredentialOptions {
  /** Conditional mediation (passkey autofill, `mediation: 'conditional'`); the page needs an
   * `<input autocomplete="username webauthn">`. Refused with ERR_BROWSER_UNSUPPORTED where absent. */
  conditional?: boolean;
  signal?: AbortSignal;
}

interface PublicKeyCredentialStatics {
  parseCreationOptionsFromJSON?: (json: unknown) => unknown;
  parseRequestOptionsFromJSON?: (json: unknown) => unknown;
  isConditionalMediationAvailable?: () => Promise<boolean>;
}

function webAuthn(ceremony: Ceremony): { credentials: CredentialsContainer; statics: PublicKeyCredentialStatics } {
  const g = globalThis as { navigator?: { credentials?: CredentialsContainer }; PublicKeyCredential?: PublicKeyCredentialStatics };
  if (g.PublicKeyCredential === undefined || g.navigator?.credentials === undefined) throw unsupported('PublicKeyCredential', ceremony);
  return { credentials: g.navigator.credentials, statics: g.PublicKeyCredential };
}

/** The options for the browser: the standard parser where it exists (its TypeError is coded), else ours. */
function parse(json: unknown, standard: ((json: unknown) => unknown) | undefined, fallback: (json: unknown) => unknown, ceremony: Ceremony): unknown {
  objectAt(json, 'options');
  if (typeof standard !== 'function') return fallback(json);
  try {
    return standard(json);
  } catch (error) {
    throw browserError(error, ceremony);
  }
}

async function run(ceremony: Ceremony, request: () => Promise<Credential | null>): Promise<CredentialLike> {
  let credential: Credential | null;
  try {
    credential = await request();
  } catch (error) {
    throw browserError(error, ceremony);
  }
  if (credential === null || credential.type !== 'public-key') {
    throw new WebAuthnError('ERR_BROWSER_FAILED', 'The browser returned no public key credential', { ceremony, name: credential === null ? 'null' : credential.type });
  }
  return credential as unknown as CredentialLike;
}

const standardJSON = (c: CredentialLike): unknown => (typeof c.toJSON === 'function' ? c.toJSON() : undefined);

/** navigator.credentials.create() from PublicKeyCredentialCreationOptionsJSON (§5.1.3). */
export async function createCredential(optionsJSON: PublicKeyCredentialCreationOptionsJSON, options: CreateCredentialOptions = {}): Promise<RegistrationResponseJSON> {
  const { credentials, statics } = webAuthn('create');
  const publicKey = parse(optionsJSON, statics.parseCreationOptionsFromJSON?.bind(statics), creationOptionsFromJSON, 'create');
  const request = { publicKey, ...(options.signal ? { signal: options.signal } : {}) } as CredentialCreationOptions;
  const credential = await run('create', () => credentials.create(request));
  return (standardJSON(credential) as RegistrationResponseJSON | undefined) ?? registrationToJSON(credential);
}

/** navigator.credentials.get() from PublicKeyCredentialRequestOptionsJSON (§5.1.4), optionally conditional. */
export async function getCredential(optionsJSON: PublicKeyCredentialRequestOptionsJSON, options: GetCredentialOptions = {}): Promise<AuthenticationResponseJSON> {
  const { credentials, statics } = webAuthn('get');
  if (options.conditional === true && !(await statics.isConditionalMediationAvailable?.().catch(() => false))) {
    throw unsupported('conditional mediation', 'get');
  }
  const publicKey = parse(optionsJSON, statics.parseRequestOptionsFromJSON?.bind(statics), requestOptionsFromJSON, 'get');
  const request = {
    publicKey,
    ...(options.conditional === true ? { mediation: 'conditional' } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  } as CredentialRequestOptions;
  const credential = await run('get', () => credentials.get(request));
  return (standardJSON(credential) as AuthenticationResponseJSON | undefined) ?? authenticationToJSON(credential);
}
