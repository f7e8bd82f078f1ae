/**
 * The `policy` half of an audit (src/ceremony/audit.ts): every option that relaxed a strict default, every
 * non-default strictness, and the inputs that shape what a verdict means (metadata present, trust
 * anchors, a challenge predicate). Built only when `audit: true`, from the options as validated.
 * Type-only imports: the light assertion entry loads nothing from attestation.
 */
import type { PolicyEntry } from './audit.js';
import type { ResolvedAttestationOptions } from './registration-attestation.js';

type Push = (option: string, value: unknown, effect: PolicyEntry['effect'], note: string) => void;

function collector(): { list: PolicyEntry[]; push: Push } {
  const list: PolicyEntry[] = [];
  return { list, push: (option, value, effect, note) => list.push({ option, value: String(value), effect, note }) };
}

/** The options both ceremonies share. */
export interface SharedPolicyInput {
  readonly requireUV: boolean;
  readonly requireUP: boolean;
  readonly allowCrossOrigin: boolean;
  readonly topOrigins: readonly string[] | undefined;
  readonly allowNonCanonical: boolean;
  readonly challengeIsPredicate: boolean;
}

function sharedPolicy(o: SharedPolicyInput, push: Push): void {
  if (!o.requireUV) push('requireUserVerification', false, 'relaxed', 'UV not required: a UP-only response passes (steps 7.1.16 / 7.2.17)');
  if (!o.requireUP) push('requireUserPresence', false, 'relaxed', 'UP not required: no user interaction proven (FIDO conformance only)');
  if (o.allowCrossOrigin) {
    const tops = o.topOrigins === undefined ? 'any top origin' : o.topOrigins.join(' ');
    push('allowCrossOrigin', true, 'relaxed', `cross-origin iframes accepted; expectedTopOrigin: ${tops}`);
  }
  if (o.allowNonCanonical) push('allowNonCanonicalSignatures', true, 'relaxed', 'BER ECDSA signatures re-encoded to DER and verified');
  if (o.challengeIsPredicate) push('expectedChallenge', 'function', 'info', "the caller's predicate decides the challenge (step 7.1.8 / 7.2.11)");
}

export interface AssertionPolicyInput extends SharedPolicyInput {
  readonly counterPolicy: 'throw' | 'report';
  readonly onBeChange: 'reject' | 'report';
  readonly storedBackupEligible: boolean | undefined;
  readonly userHandleExpected: boolean;
}

/** verifyAssertion's policy. */
export function assertionPolicy(o: AssertionPolicyInput): readonly PolicyEntry[] {
  const { list, push } = collector();
  sharedPolicy(o, push);
  if (o.counterPolicy === 'report') push('counterPolicy', 'report', 'relaxed', 'a counter that did not increase is reported (suspectedClone), not refused');
  if (o.onBeChange === 'report') push('onBackupEligibilityChange', 'report', 'relaxed', 'a changed BE flag is reported, not refused');
  if (o.storedBackupEligible === undefined) push('credential.backupEligible', 'absent', 'relaxed', 'no stored BE: step 7.2.19 skipped');
  if (!o.userHandleExpected) push('expectedUserHandle', 'absent', 'info', 'userHandle not compared (the caller identifies the user, step 7.2.6)');
  return list;
}

export interface RegistrationPolicyInput extends SharedPolicyInput {
  readonly algorithms: readonly number[];
  readonly defaultAlgorithms: readonly number[];
  readonly att: ResolvedAttestationOptions;
  readonly allFormats: readonly string[];
  readonly defaultRefusedStatuses: readonly string[];
}

function algorithmPolicy(o: RegistrationPolicyInput, push: Push): void {
  if (o.algorithms === o.defaultAlgorithms) return;
  const extra = o.algorithms.some((a) => !o.defaultAlgorithms.includes(a));
  push('supportedAlgorithms', o.algorithms.join(','), extra ? 'relaxed' : 'stricter', `default ${o.defaultAlgorithms.join(',')}`);
}

function statusPolicy(o: RegistrationPolicyInput, push: Push): void {
  const refused = o.att.refuseStatuses;
  const dropped = o.defaultRefusedStatuses.filter((s) => !refused.has(s));
  const added = [...refused].filter((s) => !o.defaultRefusedStatuses.includes(s));
  if (dropped.length > 0) push('attestation.refuseMetadataStatuses', [...refused].join(' ') || '[]', 'relaxed', `no longer refused: ${dropped.join(' ')}`);
  if (added.length > 0) push('attestation.refuseMetadataStatuses', [...refused].join(' '), 'stricter', `also refused: ${added.join(' ')}`);
}

function attestationPolicy(o: RegistrationPolicyInput, push: Push): void {
  const a = o.att;
  if (a.formats.length < o.allFormats.length || !o.allFormats.every((f) => a.formats.includes(f))) push('attestation.formats', a.formats.join(' '), 'stricter', 'only these fmt values');
  push('attestation.trustAnchors', a.trustAnchors === undefined ? 'absent' : 'given', 'info', a.trustAnchors === undefined ? 'no anchors: attestation is reported untrusted' : 'chains must validate to the anchors');
  push('attestation.metadata', a.metadata === undefined ? 'absent' : 'given', a.metadata === undefined ? 'info' : 'stricter', a.metadata === undefined ? 'no FIDO metadata consulted' : 'listed authenticators must chain to their entry and keep its promises');
  statusPolicy(o, push);
  if (a.nowGiven) push('attestation.now', a.now.toISOString(), 'info', 'certificate validity, metadata statuses and SafetyNet age judged at this time, not the clock');
  if (a.requireTrusted) push('attestation.requireTrustedAttestation', true, 'stricter', 'unanchored attestation (none, self, no anchors) is refused');
  const p = a.policy;
  if (!p.allowRS1InStatement) push('attestation.allowRS1InStatement', false, 'stricter', 'RS1 (SHA-1) refused in tpm/packed statements (default: accepted)');
  if (p.androidKeyAllowSoftwareEnforced) push('attestation.androidKeyAllowSoftwareEnforced', true, 'relaxed', 'android-key origin/purpose accepted from softwareEnforced');
  if (p.safetyNetMaxAgeMs !== 60_000) push('attestation.safetyNetMaxAgeMs', p.safetyNetMaxAgeMs, p.safetyNetMaxAgeMs > 60_000 ? 'relaxed' : 'stricter', 'default 60000');
  if (p.tpmRequireKnownVendor) push('attestation.tpmRequireKnownVendor', true, 'stricter', 'TPM manufacturer must be in the TCG registry');
  if (p.fidoU2FRequireZeroAaguid) push('attestation.fidoU2FRequireZeroAaguid', true, 'stricter', 'fido-u2f AAGUID must be all zero');
}

/** verifyRegistration's policy. */
export function registrationPolicy(o: RegistrationPolicyInput): readonly PolicyEntry[] {
  const { list, push } = collector();
  sharedPolicy(o, push);
  algorithmPolicy(o, push);
  attestationPolicy(o, push);
  return list;
}
