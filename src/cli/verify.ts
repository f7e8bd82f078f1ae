/**
 * `webauthn-verify verify <case.json>`: runs one ceremony described in the vector format of
 * ../shared/vectors/webauthn (README there): the response, what the RP expected, the stored
 * credential for an assertion, optional trust anchors and verification time. Prints the verdict
 * or the error code. No node: APIs here; src/cli.ts does the I/O.
 */
import { verifyAssertion } from '../assertion.js';
import { decodeBase64url } from '../encoding/base64url.js';
import { isWebAuthnError } from '../errors.js';
import { verifyRegistration } from '../registration.js';
import { toView, type View } from './inspect.js';

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
  /** What the case file says a correct verifier concludes, when it says so. */
  expected?: { verified: boolean; why?: string };
}

export class CaseFormatError extends Error {}

function field<T>(obj: Record<string, unknown>, key: string, check: (v: unknown) => boolean, what: string): T {
  const v = obj[key];
  if (!check(v)) throw new CaseFormatError(`case.${key}: expected ${what}`);
  return v as T;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringOrList = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

export async function verifyCase(input: unknown): Promise<CaseVerdict> {
  if (!isObject(input)) throw new CaseFormatError('case: expected a JSON object');
  const c = input as Record<string, unknown>;
  const ceremony = field<'registration' | 'authentication'>(c, 'ceremony', (v) => v === 'registration' || v === 'authentication', '"registration" or "authentication"');
  const expected = field<Record<string, unknown>>(c, 'expected', isObject, 'an object');
  const challenge = field<string>(expected, 'challenge', (v) => typeof v === 'string', 'a base64url string');
  const origin = field<string | string[]>(expected, 'origin', isStringOrList, 'a string or list of strings');
  const rpId = field<string | string[]>(expected, 'rpId', isStringOrList, 'a string or list of strings');
  const now = expected.now === undefined ? undefined : new Date(String(expected.now));
  if (now && Number.isNaN(now.getTime())) throw new CaseFormatError('case.expected.now: expected an ISO date');
  const common = {
    response: c.response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpId,
    requireUserVerification: expected.requireUserVerification === undefined ? true : Boolean(expected.requireUserVerification),
    ...(expected.allowCrossOrigin === true ? { allowCrossOrigin: true } : {}),
    ...(typeof expected.topOrigin === 'string' ? { expectedTopOrigin: expected.topOrigin } : {}),
  };
  const out: CaseVerdict = { id: typeof c.id === 'string' ? c.id : null, ceremony, verified: false };
  if (isObject(c.result) && typeof (c.result as { verified?: unknown }).verified === 'boolean') {
    const r = c.result as { verified: boolean; why?: unknown };
    out.expected = { verified: r.verified, ...(typeof r.why === 'string' ? { why: r.why } : {}) };
  }
  try {
    if (ceremony === 'registration') {
      const anchors = Array.isArray(c.trustAnchors) ? (c.trustAnchors as string[]) : undefined;
      const r = await verifyRegistration({
        ...common,
        attestation: { ...(anchors ? { trustAnchors: anchors } : {}), ...(now ? { now } : {}) },
      });
      out.result = {
        fmt: r.attestation.fmt,
        attestationType: r.attestation.type,
        trusted: r.attestation.trusted,
        alg: r.credential.algorithm,
        aaguid: r.credential.aaguid,
        counter: r.credential.counter,
        credentialId: r.credential.id,
        userVerified: r.userVerified,
        backupEligible: r.credential.backupEligible,
        backedUp: r.credential.backedUp,
      };
    } else {
      const cred = field<Record<string, unknown>>(c, 'credential', isObject, 'an object with id, publicKey, counter');
      const r = await verifyAssertion({
        ...common,
        credential: {
          id: field<string>(cred, 'id', (v) => typeof v === 'string', 'a base64url string'),
          publicKey: decodeBase64url(cred.publicKey, 'credential.publicKey'),
          counter: field<number>(cred, 'counter', (v) => typeof v === 'number', 'a number'),
        },
      });
      out.result = {
        credentialId: r.credentialId,
        counter: r.newCounter,
        userVerified: r.userVerified,
        backupEligible: r.backupEligible,
        backedUp: r.backedUp,
        userHandle: r.userHandle ?? null,
      };
    }
    out.verified = true;
  } catch (e) {
    if (!isWebAuthnError(e)) throw e;
    out.code = e.code;
    out.message = e.message;
    if (e.details) out.details = toView(e.details) as View;
  }
  return out;
}
