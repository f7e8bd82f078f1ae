/**
 * The one step table. Every "§7.1 step N" / "§7.2 step N" citation in src/ comments, docs/*.md,
 * error documentation and the audit trail (src/ceremony/audit.ts) uses these numbers; test/unit/ceremony/steps-table.test.ts
 * fails on a cited step that is not here, and docs/ARCHITECTURE.md renders the table
 * (`node scripts/steps-table.mjs --write`; the same test checks the rendering is current).
 *
 * Numbering: WebAuthn Level 3 Editor's Draft (w3c/webauthn index.bs at commit 146d0db, 2026-07-30),
 * counted as rendered: the origin and rpIdHash steps written as `<li>` items are top-level steps, and
 * crossOrigin and topOrigin are two steps. Steps move between drafts; re-count when the draft changes.
 * `where` is file#function, or `caller` for what only the RP can do (it has the account store).
 */

export interface Step {
  readonly id: string;
  readonly text: string;
  readonly where: string;
}

const REGISTRATION = [
  { id: '7.1.1', text: 'RP options for the ceremony', where: 'src/ceremony/registration.ts#readRegistrationOptions' },
  { id: '7.1.2', text: 'call navigator.credentials.create()', where: 'caller (browser)' },
  { id: '7.1.3', text: 'response is an AuthenticatorAttestationResponse', where: 'src/parse/envelope.ts#readRegistrationEnvelope' },
  { id: '7.1.4', text: 'client extension results', where: 'caller (unsigned, not read)' },
  { id: '7.1.5', text: 'UTF-8 decode clientDataJSON', where: 'src/parse/client-data.ts#parseClientDataJSON' },
  { id: '7.1.6', text: 'parse clientDataJSON into C', where: 'src/parse/client-data.ts#parseClientDataJSON' },
  { id: '7.1.7', text: 'C.type is webauthn.create', where: 'src/ceremony/checks.ts#checkType' },
  { id: '7.1.8', text: 'C.challenge is the issued challenge', where: 'src/ceremony/checks.ts#checkChallenge' },
  { id: '7.1.9', text: 'C.origin is an expected origin', where: 'src/ceremony/checks.ts#checkOrigin' },
  { id: '7.1.10', text: 'C.crossOrigin true only when the RP expects an iframe', where: 'src/ceremony/checks.ts#checkCrossOrigin' },
  { id: '7.1.11', text: 'C.topOrigin only when expected, and an expected top origin', where: 'src/ceremony/checks.ts#checkTopOrigin' },
  { id: '7.1.12', text: 'hash = SHA-256(clientDataJSON)', where: 'src/ceremony/registration.ts#verifyRegistrationSteps' },
  { id: '7.1.13', text: 'CBOR-decode the attestation object (fmt, authData, attStmt)', where: 'src/parse/attestation-object.ts#parseAttestationObject' },
  { id: '7.1.14', text: 'rpIdHash is SHA-256 of an expected RP ID', where: 'src/ceremony/checks.ts#matchRpId' },
  { id: '7.1.15', text: 'UP is set (unless conditional mediation)', where: 'src/ceremony/checks.ts#checkUserPresence' },
  { id: '7.1.16', text: 'UV is set when the RP requires user verification', where: 'src/ceremony/checks.ts#checkUserVerification' },
  { id: '7.1.17', text: 'BS is not set unless BE is set', where: 'src/parse/authenticator-data.ts#parseAuthenticatorData' },
  { id: '7.1.18', text: 'RP policy on backup eligibility (BE)', where: 'caller (result credential.backupEligible)' },
  { id: '7.1.19', text: 'RP policy on backup state (BS)', where: 'caller (result credential.backedUp)' },
  { id: '7.1.20', text: 'credential public key alg is one the RP offered', where: 'src/ceremony/registration.ts#checkCredentialKey' },
  { id: '7.1.21', text: 'fmt is a supported attestation statement format', where: 'src/ceremony/registration-attestation.ts#formatVerifier' },
  { id: '7.1.22', text: "attStmt verifies by the format's verification procedure", where: 'src/ceremony/registration-attestation.ts#verifyAttestationStatement' },
  { id: '7.1.23', text: 'obtain trust anchors for the format/authenticator (anchors, metadata)', where: 'src/ceremony/registration-attestation.ts#verifyAttestationStatement' },
  { id: '7.1.24', text: 'assess attestation trustworthiness', where: 'src/ceremony/registration-attestation.ts#verifyAttestationStatement' },
  { id: '7.1.25', text: 'credentialId is at most 1023 bytes', where: 'src/parse/authenticator-data.ts#parseAuthenticatorData' },
  { id: '7.1.26', text: 'credentialId is not yet registered for any user', where: 'caller (account store)' },
  { id: '7.1.27', text: 'create the credential record', where: 'src/ceremony/registration.ts#verifiedRegistration (caller stores it)' },
  { id: '7.1.28', text: 'process client and authenticator extension outputs', where: 'caller (result extensions)' },
  { id: '7.1.29', text: 'store the credential record; otherwise fail', where: 'caller' },
] as const;

const AUTHENTICATION = [
  { id: '7.2.1', text: 'RP options for the ceremony', where: 'src/ceremony/assertion.ts#readAssertionOptions' },
  { id: '7.2.2', text: 'call navigator.credentials.get()', where: 'caller (browser)' },
  { id: '7.2.3', text: 'response is an AuthenticatorAssertionResponse', where: 'src/parse/envelope.ts#readAssertionEnvelope' },
  { id: '7.2.4', text: 'client extension results', where: 'caller (unsigned, not read)' },
  { id: '7.2.5', text: 'credential id is one of allowCredentials', where: 'src/ceremony/assertion.ts#checkCredentialAndUser' },
  { id: '7.2.6', text: "identify the user and credential record; userHandle is the user's", where: 'src/ceremony/assertion.ts#checkCredentialAndUser' },
  { id: '7.2.7', text: 'cData, authData and sig from the response', where: 'src/parse/envelope.ts#readAssertionEnvelope' },
  { id: '7.2.8', text: 'UTF-8 decode clientDataJSON', where: 'src/parse/client-data.ts#parseClientDataJSON' },
  { id: '7.2.9', text: 'parse clientDataJSON into C', where: 'src/parse/client-data.ts#parseClientDataJSON' },
  { id: '7.2.10', text: 'C.type is webauthn.get', where: 'src/ceremony/checks.ts#checkType' },
  { id: '7.2.11', text: 'C.challenge is the issued challenge', where: 'src/ceremony/checks.ts#checkChallenge' },
  { id: '7.2.12', text: 'C.origin is an expected origin', where: 'src/ceremony/checks.ts#checkOrigin' },
  { id: '7.2.13', text: 'C.crossOrigin true only when the RP expects an iframe', where: 'src/ceremony/checks.ts#checkCrossOrigin' },
  { id: '7.2.14', text: 'C.topOrigin only when expected, and an expected top origin', where: 'src/ceremony/checks.ts#checkTopOrigin' },
  { id: '7.2.15', text: 'rpIdHash is SHA-256 of an expected RP ID', where: 'src/ceremony/checks.ts#matchRpId' },
  { id: '7.2.16', text: 'UP is set', where: 'src/ceremony/checks.ts#checkUserPresence' },
  { id: '7.2.17', text: 'UV is set when user verification is required', where: 'src/ceremony/checks.ts#checkUserVerification' },
  { id: '7.2.18', text: 'BS is not set unless BE is set', where: 'src/parse/authenticator-data.ts#parseAuthenticatorData' },
  { id: '7.2.19', text: 'BE equals the stored backup eligibility', where: 'src/ceremony/assertion.ts#checkAssertionAuthData' },
  { id: '7.2.20', text: 'hash = SHA-256(cData)', where: 'src/ceremony/assertion.ts#checkAssertionSignature' },
  { id: '7.2.21', text: 'sig verifies over authData ‖ hash with the stored key', where: 'src/ceremony/assertion.ts#checkAssertionSignature' },
  { id: '7.2.22', text: 'signCount increased (or both zero)', where: 'src/ceremony/counter.ts#enforceSignCount' },
  { id: '7.2.23', text: 'process client and authenticator extension outputs', where: 'caller (result extensions)' },
  { id: '7.2.24', text: 'update the credential record (counter, BS)', where: 'caller (newCounter, compare-and-set)' },
  { id: '7.2.25', text: 'continue the ceremony; otherwise fail', where: 'caller' },
] as const;

/** The other clauses the audit and the error table cite (§6 structures, §8 formats, RFCs). */
const OTHER = [
  { id: '6.1', text: 'authenticator data structure (exact length, flags agree with bytes)', where: 'src/parse/authenticator-data.ts#parseAuthenticatorData' },
  { id: '6.1.1', text: 'signature counter considerations', where: 'src/ceremony/counter.ts#checkSignCount' },
  { id: '8.2', text: 'packed attestation verification procedure', where: 'src/attestation/packed.ts#verifyPacked' },
  { id: '8.3', text: 'tpm attestation verification procedure', where: 'src/attestation/tpm/tpm.ts#createTpmVerifier' },
  { id: '8.4', text: 'android-key attestation verification procedure', where: 'src/attestation/android-key/android-key.ts#verifyAndroidKey' },
  { id: '8.5', text: 'android-safetynet attestation verification procedure', where: 'src/attestation/android-safetynet/android-safetynet.ts#verifyAndroidSafetyNet' },
  { id: '8.6', text: 'fido-u2f attestation verification procedure', where: 'src/attestation/fido-u2f.ts#verifyFidoU2F' },
  { id: '8.7', text: 'none attestation', where: 'src/attestation/none.ts#verifyNone' },
  { id: '8.8', text: 'apple attestation verification procedure', where: 'src/attestation/apple.ts#verifyApple' },
  { id: '8.9', text: 'compound attestation verification procedure', where: 'src/attestation/compound.ts#createCompoundVerifier' },
  { id: 'RFC5280-6.1', text: 'certification path validation', where: 'src/x509/path.ts#validateCertificatePath' },
] as const;

export type StepId = (typeof REGISTRATION)[number]['id'] | (typeof AUTHENTICATION)[number]['id'] | (typeof OTHER)[number]['id'];

/** Where the checks both ceremonies share sit in each ceremony (src/ceremony/checks.ts records under these). */
export interface ClientDataSteps {
  readonly type: StepId;
  readonly challenge: StepId;
  readonly origin: StepId;
  readonly crossOrigin: StepId;
  readonly topOrigin: StepId;
}
export interface AuthDataSteps {
  readonly rpIdHash: StepId;
  readonly up: StepId;
  readonly uv: StepId;
  readonly backupState: StepId;
}

export const REGISTRATION_CLIENT_DATA_STEPS: ClientDataSteps = Object.freeze({ type: '7.1.7', challenge: '7.1.8', origin: '7.1.9', crossOrigin: '7.1.10', topOrigin: '7.1.11' });
export const ASSERTION_CLIENT_DATA_STEPS: ClientDataSteps = Object.freeze({ type: '7.2.10', challenge: '7.2.11', origin: '7.2.12', crossOrigin: '7.2.13', topOrigin: '7.2.14' });
export const REGISTRATION_AUTH_DATA_STEPS: AuthDataSteps = Object.freeze({ rpIdHash: '7.1.14', up: '7.1.15', uv: '7.1.16', backupState: '7.1.17' });
export const ASSERTION_AUTH_DATA_STEPS: AuthDataSteps = Object.freeze({ rpIdHash: '7.2.15', up: '7.2.16', uv: '7.2.17', backupState: '7.2.18' });

/** Every step, in spec order: §7.1, §7.2, then the other clauses. */
export const STEPS: readonly Step[] = Object.freeze([...REGISTRATION, ...AUTHENTICATION, ...OTHER]);

const BY_ID: ReadonlyMap<string, Step> = new Map(STEPS.map((s) => [s.id, s]));

/** @internal Tests only: the step with this id, or undefined. */
export function findStep(id: string): Step | undefined {
  return BY_ID.get(id);
}

/**
 * The markdown table docs/ARCHITECTURE.md carries between its step-table markers.
 * @internal For scripts/steps-table.mjs and test/unit/ceremony/steps-table.test.ts only.
 */
export function renderStepTable(): string {
  const rows = STEPS.map((s) => `| ${s.id} | ${s.text.replace(/\|/g, '\\|')} | \`${s.where}\` |`);
  return ['| step | check | where |', '| --- | --- | --- |', ...rows].join('\n');
}
