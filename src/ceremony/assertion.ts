/**
 * verifyAssertion: WebAuthn L3 §7.2 "Verifying an Authentication Assertion", end to end.
 *
 * This is also the light `webauthn-verify/assertion` entry point: it must not import the X.509 or
 * attestation modules (pkijs/asn1js), so logins load almost nothing.
 *
 * Order matters: everything that can be checked without the credential's key runs first, then the
 * signature, and only then the counter, so a forged response can neither learn nor move counter
 * state. The caller's objects are never mutated.
 */
import { parseAuthenticatorData, type AuthenticatorData } from '../parse/authenticator-data.js';
import type { CborValue } from '../cbor/decode.js';
import { auditRequested, createAuditRecorder, NO_AUDIT, type AuditEntry, type AuditRecorder, type PolicyEntry } from './audit.js';
import { assertionPolicy } from './audit-policy.js';
import { checkAuthDataFlags, checkClientData, choiceOption, type ExpectedChallenge } from './checks.js';
import { parseClientDataJSON } from '../parse/client-data.js';
import { enforceSignCount, type CounterPolicy } from './counter.js';
import { optionError, readCeremonyOptions, type CeremonyInputs } from './options.js';
import { digest } from '../crypto/hash.js';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import { concat, equalBytes, isBytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { isPreparedCredentialKey, resolveCredentialKey, type CredentialKeyCache, type CredentialPublicKeyInput } from './credential-key.js';
import { readAssertionEnvelope, type ParsedAssertionEnvelope } from '../parse/envelope.js';
import type { AuthenticationResponseJSON } from '../parse/types.js';
import { verifySignature } from '../signature/verify.js';
import { ASSERTION_AUTH_DATA_STEPS, ASSERTION_CLIENT_DATA_STEPS } from './steps.js';

// The light entry carries what a login server needs to make logins fast (docs/performance.md).
export {
  prepareCredentialKey,
  createCredentialKeyCache,
  type PreparedCredentialKey,
  type CredentialKeyCache,
  type CredentialKeyCacheOptions,
  type CredentialPublicKeyInput,
} from './credential-key.js';

/** What the RP stored when the credential was registered. */
export interface StoredCredential {
  /** base64url credential id. */
  readonly id: string;
  /** COSE_Key bytes from registration, or a key prepared once with prepareCredentialKey. */
  readonly publicKey: CredentialPublicKeyInput;
  /** The stored signature counter. */
  readonly counter: number;
  /**
   * The BE flag seen at registration. When given, a change is refused (§7.2: backup eligibility
   * is a permanent property of a credential).
   */
  readonly backupEligible?: boolean;
}

export interface VerifyAssertionOptions {
  /** AuthenticationResponseJSON from the browser (PublicKeyCredential.toJSON()). Checked at run time. */
  readonly response: AuthenticationResponseJSON | unknown;
  readonly expectedChallenge: ExpectedChallenge;
  readonly expectedOrigin: string | readonly string[];
  /** Required: the RP ID(s) whose SHA-256 the authenticator data must carry. */
  readonly expectedRPID: string | readonly string[];
  readonly credential: StoredCredential;
  /** Default true. */
  readonly requireUserVerification?: boolean;
  /**
   * Default true, as §7.2 requires.
   * > [!WARNING] `false` exists only for FIDO conformance runs (their authentication items expect
   * > UP = 0 to pass); it makes an assertion valid without any user interaction.
   */
  readonly requireUserPresence?: boolean;
  /** base64url or bytes; when given, response.userHandle must be present and equal. */
  readonly expectedUserHandle?: string | Uint8Array;
  /** Default false: an assertion made in a cross-origin iframe is refused. */
  readonly allowCrossOrigin?: boolean;
  /** With allowCrossOrigin: the top-level origins the RP expects to be framed by. */
  readonly expectedTopOrigin?: string | readonly string[];
  /** What a counter that did not increase does: 'throw' (default) or 'report'. */
  readonly counterPolicy?: CounterPolicy;
  /**
   * For callers that pass COSE_Key bytes (not a prepared key): an LRU from createCredentialKeyCache
   * that keeps decoded keys and their imported crypto keys across calls (docs/performance.md).
   */
  readonly credentialKeyCache?: CredentialKeyCache;
  /**
   * Default false: an ECDSA signature must be canonical DER, and the recoverable BER forms some
   * authenticators emit are refused with ERR_SIGNATURE_NON_CANONICAL_DER. True verifies their DER
   * re-encoding (r and s unchanged; docs/security.md "Interoperability").
   */
  readonly allowNonCanonicalSignatures?: boolean;
  /**
   * A BE flag that differs from `credential.backupEligible`: 'reject' (default,
   * ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED) or 'report' (`backupEligibilityChanged: true`); docs/api.md.
   */
  readonly onBackupEligibilityChange?: 'reject' | 'report';
  /**
   * Default false. True: the result (or the thrown WebAuthnError) carries `audit`, the checks that
   * ran with their §7.2 steps, and `policy`, the options that relaxed or tightened the defaults
   * (docs/api.md, "Audit"). Off, it costs nothing.
   */
  readonly audit?: boolean;
}

export interface VerifiedAssertion {
  /** base64url credential id (equal to credential.id). */
  readonly credentialId: string;
  /** The counter to store: the received one, or the stored one when a suspected clone is reported. */
  readonly newCounter: number;
  /**
   * The stored counter this verdict was checked against (= `credential.counter`). Store `newCounter`
   * by compare-and-set on it (`UPDATE … SET counter = newCounter WHERE id = … AND counter =
   * previousCounter`); zero rows updated means a concurrent login won, so refuse this one.
   */
  readonly previousCounter: number;
  /** True only with counterPolicy 'report' and a counter that did not increase. */
  readonly suspectedClone: boolean;
  readonly userPresent: boolean;
  readonly userVerified: boolean;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
  /** True only with onBackupEligibilityChange 'report' and a BE flag that differs from the stored one. */
  readonly backupEligibilityChanged: boolean;
  readonly origin: string;
  readonly rpId: string;
  readonly crossOrigin: boolean;
  readonly topOrigin: string | undefined;
  /** base64url userHandle as returned, if any. The RP must check it belongs to the account (§7.2 step 6). */
  readonly userHandle: string | undefined;
  /** Authenticator extension outputs (§9), decoded. */
  readonly extensions: Readonly<Record<string, CborValue>> | undefined;
  /** With `audit: true` only: the checks that ran, in order (docs/api.md, "Audit"). */
  readonly audit?: readonly AuditEntry[];
  /** With `audit: true` only: the options that relaxed or tightened the defaults. */
  readonly policy?: readonly PolicyEntry[];
}

/**
 * Verifies an authentication assertion. Resolves only when every check passed; otherwise rejects
 * with a WebAuthnError whose `code` says which check failed (docs/errors.md).
 */
export async function verifyAssertion(options: VerifyAssertionOptions): Promise<VerifiedAssertion> {
  // Inline or thread pool is the signature layer's own decision (src/signature/verify.ts).
  return verifyAssertionSteps(options);
}

/** The options as validated (§7.2 step 1: the RP's needs for this ceremony). */
interface AssertionInputs extends CeremonyInputs {
  readonly counterPolicy: CounterPolicy;
  readonly onBeChange: 'reject' | 'report';
  readonly stored: ReturnType<typeof readStoredCredential>;
  readonly expectedUserHandle: Uint8Array | undefined;
}

/** §7.2 step 1: the RP's options, validated up front so a misconfigured RP fails loudly. */
function readAssertionOptions(options: VerifyAssertionOptions): AssertionInputs {
  const shared = readCeremonyOptions(options); // the options object and the options both ceremonies share
  const counterPolicy = options.counterPolicy ?? 'throw';
  if (counterPolicy !== 'throw' && counterPolicy !== 'report') optionError('counterPolicy', "must be 'throw' or 'report'");
  return {
    ...shared,
    counterPolicy,
    onBeChange: choiceOption(options.onBackupEligibilityChange, 'onBackupEligibilityChange', ['reject', 'report'] as const),
    stored: readStoredCredential(options.credential),
    expectedUserHandle: readExpectedUserHandle(options.expectedUserHandle),
  };
}

function policyOf(o: AssertionInputs): readonly PolicyEntry[] {
  return assertionPolicy({
    ...o,
    challengeIsPredicate: typeof o.expectedChallenge === 'function',
    storedBackupEligible: o.stored.backupEligible,
    userHandleExpected: o.expectedUserHandle !== undefined,
  });
}

async function verifyAssertionSteps(options: VerifyAssertionOptions): Promise<VerifiedAssertion> {
  const audit = auditRequested(options);
  const rec = audit ? createAuditRecorder('7.2.1') : NO_AUDIT;
  try {
    const o = readAssertionOptions(options);
    if (audit) rec.setPolicy(policyOf(o));
    rec.pass();
    const result = await runAssertionSteps(o, options, rec);
    return audit ? { ...result, audit: rec.entries, policy: rec.policy } : result;
  } catch (error) {
    return rec.fail(error);
  }
}

async function runAssertionSteps(o: AssertionInputs, options: VerifyAssertionOptions, rec: AuditRecorder): Promise<VerifiedAssertion> {
  // §7.2 steps 3 and 7: the response, as JSON from the client; cData, authData and sig.
  rec.begin('7.2.3', 'response envelope');
  const response = readAssertionEnvelope(options.response);
  rec.pass(response.id);
  checkCredentialAndUser(response, o, rec);

  // §7.2 steps 8–14: clientDataJSON binds the ceremony.
  rec.begin('7.2.9', 'clientDataJSON (fatal UTF-8, JSON object)');
  const c = parseClientDataJSON(response.clientDataJSON);
  rec.pass();
  await checkClientData(c, 'webauthn.get', o, rec, ASSERTION_CLIENT_DATA_STEPS);

  // §7.2 steps 15–19: authenticator data.
  rec.begin('6.1', 'authenticatorData structure');
  const authData = parseAuthenticatorData(response.authenticatorData);
  rec.pass();
  const rpId = await checkAuthDataFlags(authData, o, rec, ASSERTION_AUTH_DATA_STEPS);
  const backupEligibilityChanged = checkAssertionAuthData(authData, o.stored.backupEligible, o.onBeChange, rec);

  // §7.2 steps 20–21: signature over authenticatorData ‖ SHA-256(clientDataJSON) with the stored key.
  await checkAssertionSignature(response, o, options.credentialKeyCache, rec);

  // §7.2 step 22: signature counter, only after the signature proved the response genuine.
  rec.begin('7.2.22', 'signCount increased');
  const counter = enforceSignCount(o.stored.counter, authData.signCount, o.counterPolicy);
  if (counter.suspectedClone) rec.report(authData.signCount, o.stored.counter);
  else rec.pass(authData.signCount, o.stored.counter);

  return {
    credentialId: response.id,
    newCounter: counter.newCount,
    previousCounter: o.stored.counter,
    suspectedClone: counter.suspectedClone,
    userPresent: authData.flags.userPresent,
    userVerified: authData.flags.userVerified,
    backupEligible: authData.flags.backupEligible,
    backedUp: authData.flags.backedUp,
    backupEligibilityChanged,
    origin: c.origin,
    rpId,
    crossOrigin: c.crossOrigin === true,
    topOrigin: c.topOrigin,
    userHandle: response.userHandle === undefined ? undefined : encodeBase64url(response.userHandle),
    extensions: authData.extensions,
  };
}

/** §7.2 steps 5–6: the credential is the stored one, and the user handle (when the RP knows it) is theirs. */
function checkCredentialAndUser(response: ParsedAssertionEnvelope, o: AssertionInputs, rec: AuditRecorder): void {
  rec.begin('7.2.5', 'rawId is the stored credential id');
  if (!equalBytes(response.rawId, o.stored.id)) {
    // details describe the response only: the stored record never reaches an error (docs/security.md).
    throw new WebAuthnError('ERR_ASSERTION_CREDENTIAL_MISMATCH', 'Response credential id is not the stored credential id', {
      rule: 'rawId must equal the stored credential id',
      received: response.id,
    });
  }
  rec.pass(response.rawId, o.stored.id);
  rec.begin('7.2.6', "userHandle is the account's user handle");
  const expected = o.expectedUserHandle;
  if (expected === undefined) return rec.skip('expectedUserHandle not given: the caller identifies the user');
  if (response.userHandle === undefined || !equalBytes(response.userHandle, expected)) {
    throw new WebAuthnError('ERR_ASSERTION_USER_HANDLE_MISMATCH', 'Response userHandle is not the expected user handle', {
      rule: 'userHandle must be present and equal the account\'s user handle',
      received: response.userHandle === undefined ? 'missing' : encodeBase64url(response.userHandle),
    });
  }
  rec.pass(response.userHandle, expected);
}

/** §7.2 steps 20–21: hash = SHA-256(cData); sig verifies over authData ‖ hash with the stored key. */
async function checkAssertionSignature(response: ParsedAssertionEnvelope, o: AssertionInputs, cache: CredentialKeyCache | undefined, rec: AuditRecorder): Promise<void> {
  rec.begin('7.2.21', 'signature verifies with the stored credential key');
  const key = resolveCredentialKey(o.stored.publicKey, cache);
  const signedData = concat(response.authenticatorData, await digest('SHA-256', response.clientDataJSON));
  const nonCanonicalDer = o.allowNonCanonical ? 'normalize' : 'refuse';
  if (!(await verifySignature({ key, signature: response.signature, data: signedData, nonCanonicalDer }))) {
    throw new WebAuthnError('ERR_SIGNATURE_INVALID', 'Assertion signature does not verify with the stored credential key');
  }
  rec.pass(key.alg);
}

/** Returns whether BE changed (only reachable with onBackupEligibilityChange 'report'). */
function checkAssertionAuthData(authData: AuthenticatorData, storedBackupEligible: boolean | undefined, onChange: 'reject' | 'report', rec: AuditRecorder): boolean {
  // Stricter than §7.2: an assertion carries no attested credential data (CTAP2 getAssertion never
  // sets AT); refusing it keeps a registration-shaped authData from passing as a login.
  rec.begin('6.1', 'no attested credential data in an assertion (stricter)');
  if (authData.flags.attestedCredentialData) {
    throw new WebAuthnError('ERR_AUTH_DATA_ATTESTED_DATA_UNEXPECTED', 'Assertion authenticatorData carries attested credential data');
  }
  rec.pass();
  // §7.2 step 19 (backup eligibility): BE must not change over a credential's life.
  // The check runs only when the RP passes the stored value; 'report' is for providers that flip BE
  // after sync (go-webauthn #335, supabase/auth #2732; docs/api.md weighs the trade-off).
  rec.begin('7.2.19', 'BE equals the stored backup eligibility');
  if (storedBackupEligible === undefined) {
    rec.skip('credential.backupEligible not stored');
    return false;
  }
  const changed = storedBackupEligible !== authData.flags.backupEligible;
  if (changed && onChange === 'reject') {
    throw new WebAuthnError('ERR_AUTH_DATA_BACKUP_ELIGIBILITY_CHANGED', 'Backup eligibility (BE) differs from the value stored at registration', {
      rule: 'BE must equal the value stored at registration',
      received: authData.flags.backupEligible,
    });
  }
  if (changed) rec.report(authData.flags.backupEligible, storedBackupEligible);
  else rec.pass(authData.flags.backupEligible, storedBackupEligible);
  return changed;
}

function readStoredCredential(credential: unknown): { id: Uint8Array; publicKey: CredentialPublicKeyInput; counter: number; backupEligible: boolean | undefined } {
  const bad = (reason: string): never => {
    throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', { option: 'credential', reason });
  };
  if (typeof credential !== 'object' || credential === null) return bad('not an object');
  const c = credential as Record<string, unknown>;
  let id: Uint8Array;
  try {
    id = decodeBase64url(c.id, 'credential.id');
  } catch {
    return bad('id is not base64url');
  }
  if (id.length === 0) bad('id is empty');
  const counter = c.counter;
  if (typeof counter !== 'number' || !Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
    bad('counter must be an integer from 0 to 2^32-1');
  }
  if (c.backupEligible !== undefined && typeof c.backupEligible !== 'boolean') bad('backupEligible must be a boolean');
  if (!isBytes(c.publicKey) && !isPreparedCredentialKey(c.publicKey)) bad('publicKey must be COSE_Key bytes or a prepared key');
  return { id, publicKey: c.publicKey as CredentialPublicKeyInput, counter: counter as number, backupEligible: c.backupEligible as boolean | undefined };
}

function readExpectedUserHandle(value: unknown): Uint8Array | undefined {
  if (value === undefined) return undefined;
  if (isBytes(value) && value.length > 0) return value;
  if (typeof value === 'string' && value !== '') {
    try {
      return decodeBase64url(value, 'expectedUserHandle');
    } catch {
      /* fall through */
    }
  }
  throw new WebAuthnError('ERR_OPTIONS_INVALID', 'Invalid verification options', {
    option: 'expectedUserHandle',
    reason: 'must be a non-empty base64url string or Uint8Array',
  });
}
