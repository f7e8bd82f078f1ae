/**
 * `webauthn-verify verify`: runs one ceremony described by a CaseSpec (a case file or a plain
 * response with flags, see case.ts / plain.ts) with every expectation the case carries: challenge,
 * origins, RP IDs, UV, cross-origin and top origin, verification time, trust anchors, the
 * credential's algorithm and, for an assertion, the stored credential. Then it compares the outcome
 * with the case's `result`, field by field. No node: APIs here; src/cli.ts does the I/O.
 */
import { verifyAssertion } from '../ceremony/assertion.js';
import { COSE_ALGORITHMS } from '../cose/algorithms.js';
import { decodeCOSEKey } from '../cose/key.js';
import { decodeBase64url } from '../encoding/base64url.js';
import type { AuditEntry, PolicyEntry } from '../ceremony/audit.js';
import { isWebAuthnError } from '../errors.js';
import { verifyRegistration } from '../ceremony/registration.js';
import type { CaseSpec } from './case.js';
import { clip, toView, type View } from './view.js';

export { CaseFormatError } from './case.js';

export interface CaseVerdict {
  id: string | null;
  ceremony: 'registration' | 'authentication';
  verified: boolean;
  /** Set when rejected with a WebAuthnError. */
  code?: string;
  message?: string;
  details?: View;
  /** Selected result fields when verified. */
  result?: View;
  /** With --explain: the audit trail (src/ceremony/audit.ts), up to the failing step when rejected. */
  audit?: readonly AuditEntry[];
  policy?: readonly PolicyEntry[];
  /** What the case says a correct verifier concludes, and whether this run agrees. */
  expected?: { verified: boolean; why?: string; agrees: boolean; differences: string[] };
}

const RS1 = -65535;

/**
 * The algorithms the RP accepts: --alg when given; otherwise every implemented one except RS1
 * (SHA-1), plus the case's own `result.alg` (so an RS1 case names RS1 itself).
 */
export function algorithmsFor(spec: CaseSpec): number[] {
  if (spec.algorithms) return spec.algorithms;
  const all = Object.keys(COSE_ALGORITHMS).map(Number).filter((a) => a !== RS1);
  const alg = spec.result?.fields.alg;
  return typeof alg === 'number' && !all.includes(alg) ? [...all, alg] : all;
}

function commonOptions(spec: CaseSpec) {
  const e = spec.expected;
  return {
    response: spec.response,
    expectedChallenge: e.challenge,
    expectedOrigin: e.origin,
    expectedRPID: e.rpId,
    requireUserVerification: e.requireUserVerification,
    allowCrossOrigin: e.allowCrossOrigin,
    ...(e.topOrigin !== undefined ? { expectedTopOrigin: e.topOrigin } : {}),
  };
}

async function runRegistration(spec: CaseSpec, out: CaseVerdict, audit: boolean): Promise<View> {
  const anchors = spec.trustAnchors ?? [];
  const r = await verifyRegistration({
    ...commonOptions(spec),
    audit,
    supportedAlgorithms: algorithmsFor(spec),
    // A case with trust anchors expects the attestation to chain to them: none/self do not pass.
    attestation: {
      ...(anchors.length > 0 ? { trustAnchors: anchors, requireTrustedAttestation: true } : {}),
      ...(spec.expected.now ? { now: spec.expected.now } : {}),
    },
  });
  if (r.audit) Object.assign(out, { audit: r.audit, policy: r.policy });
  return {
    fmt: r.attestation.fmt,
    attestationType: r.attestation.type,
    trusted: r.attestation.trusted,
    alg: r.credential.algorithm,
    aaguid: r.credential.aaguid,
    counter: r.credential.counter,
    credentialId: clip(r.credential.id),
    userVerified: r.userVerified,
    backupEligible: r.credential.backupEligible,
    backedUp: r.credential.backedUp,
  };
}

async function runAssertion(spec: CaseSpec, out: CaseVerdict, audit: boolean): Promise<View> {
  const stored = spec.credential!;
  const publicKey = decodeBase64url(stored.publicKey, 'credential.publicKey');
  const r = await verifyAssertion({ ...commonOptions(spec), credential: { id: stored.id, publicKey, counter: stored.counter }, audit });
  if (r.audit) Object.assign(out, { audit: r.audit, policy: r.policy });
  // verifyAssertion decoded this key already, so decoding it again cannot fail.
  const alg = (decodeCOSEKey(publicKey) as { alg?: number }).alg;
  return {
    credentialId: clip(r.credentialId),
    alg: alg ?? null,
    counter: r.newCounter,
    userVerified: r.userVerified,
    backupEligible: r.backupEligible,
    backedUp: r.backedUp,
    userHandle: r.userHandle === undefined ? null : clip(r.userHandle),
  };
}

/** Each result field the case gives that the run contradicts, as "field: expected X, got Y". */
function differences(spec: CaseSpec, verdict: CaseVerdict): string[] {
  const result = spec.result!;
  if (result.verified !== verdict.verified) return [`expected ${result.verified ? 'verified' : 'rejected'}, got ${verdict.verified ? 'verified' : 'rejected'}`];
  const out: string[] = [];
  if (!verdict.verified || !verdict.result) return out;
  for (const [k, want] of Object.entries(result.fields)) {
    const got = verdict.result[k];
    if (got !== undefined && got !== want) out.push(`${k}: expected ${String(want)}, got ${String(got)}`);
  }
  if ((spec.trustAnchors?.length ?? 0) > 0 && verdict.result.trusted === false) out.push('trusted: expected true (the case gives trust anchors), got false');
  return out;
}

export async function runCase(spec: CaseSpec, audit = false): Promise<CaseVerdict> {
  const out: CaseVerdict = { id: spec.id === null ? null : clip(spec.id, 256), ceremony: spec.ceremony, verified: false };
  try {
    out.result = spec.ceremony === 'registration' ? await runRegistration(spec, out, audit) : await runAssertion(spec, out, audit);
    out.verified = true;
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    out.code = e.code;
    out.message = clip(e.message);
    if (e.details) out.details = toView(e.details) as View;
    if (e.audit) Object.assign(out, { audit: e.audit, policy: e.policy });
  }
  if (spec.result) {
    const diff = differences(spec, out);
    out.expected = { verified: spec.result.verified, ...(spec.result.why !== undefined ? { why: clip(spec.result.why) } : {}), agrees: diff.length === 0, differences: diff };
  }
  return out;
}
