/**
 * Shared by the conformance files (test/conformance/*), the vector runners and the property tests:
 * building a genuine ceremony with the software authenticator, editing a genuine response (JSON or
 * CBOR) into a faulty one, and turning a vector case into verifyRegistration / verifyAssertion
 * options.
 */
import { expect } from 'vitest';
import { decodeCbor, isCborMap, type CborMap } from '../../src/cbor/decode.js';
import { encodeCbor, type CborEncodable } from '../../src/testing/cbor-encode.js';
import { COSE_ALGORITHMS } from '../../src/cose/algorithms.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import { verifyAssertion, type VerifyAssertionOptions } from '../../src/ceremony/assertion.js';
import { verifyRegistration, type VerifyRegistrationOptions } from '../../src/ceremony/registration.js';
import {
  createAssertionResponse,
  createRegistrationResponse,
  createTestCredential,
  type CreateAssertionResponseOptions,
  type CreateRegistrationResponseOptions,
  type TestCredential,
} from '../../src/testing/index.js';
import type { VectorCase } from '../helpers/fixtures.js';

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';

/** Every COSE algorithm we implement, except RS1 (SHA-1), which is opt-in. */
export const ALL_ALGS: readonly number[] = Object.keys(COSE_ALGORITHMS)
  .map(Number)
  .filter((a) => a !== -65535);
export const RS1 = -65535;

/** supportedAlgorithms wide enough for `alg` (RS1 only when the case needs it). */
export function algsFor(alg: number | undefined): number[] {
  return alg === RS1 ? [...ALL_ALGS, RS1] : [...ALL_ALGS];
}

export function randomChallenge(): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Asserts that `p` rejects with a WebAuthnError carrying `code`. */
export async function expectCode(p: Promise<unknown>, code: WebAuthnErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}, but the call resolved`).toBeDefined();
  expect(isWebAuthnError(caught), `expected a WebAuthnError, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

/** A deep copy of a JSON response (so a test edits its own copy). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The attestationObject of a registration response, decoded. */
export function decodeAttestationObject(response: { response: { attestationObject: string } }): CborMap {
  const v = decodeCbor(decodeBase64url(response.response.attestationObject));
  if (!isCborMap(v)) throw new Error('attestationObject is not a map');
  return v;
}

/** A copy of `response` whose attestationObject is `edit(decoded map)` re-encoded (canonical CBOR). */
export function editAttestationObject<T extends { response: { attestationObject: string } }>(
  response: T,
  edit: (map: Map<unknown, unknown>) => Map<unknown, unknown> | CborEncodable,
): T {
  const copy = cloneJson(response);
  const map = new Map<unknown, unknown>(decodeAttestationObject(response));
  copy.response.attestationObject = encodeBase64url(encodeCbor(edit(map) as CborEncodable));
  return copy;
}

/** A copy of `response` whose attStmt is `edit(attStmt)`. */
export function editAttStmt<T extends { response: { attestationObject: string } }>(
  response: T,
  edit: (attStmt: Map<unknown, unknown>) => Map<unknown, unknown> | CborEncodable,
): T {
  return editAttestationObject(response, (m) => {
    const stmt = m.get('attStmt');
    m.set('attStmt', edit(new Map<unknown, unknown>(stmt instanceof Map ? stmt : [])));
    return m;
  });
}

export interface Ceremony<R> {
  readonly response: R;
  readonly challenge: string;
  readonly credential: TestCredential;
}

type RegistrationResponse = Awaited<ReturnType<typeof createRegistrationResponse>>;
type AssertionResponse = Awaited<ReturnType<typeof createAssertionResponse>>;

/** A registration by the software authenticator for RP_ID/ORIGIN (faults and format as given). */
export async function makeRegistration(
  options: Partial<Omit<CreateRegistrationResponseOptions, 'credential'>> & { alg?: number; credential?: TestCredential } = {},
): Promise<Ceremony<RegistrationResponse>> {
  const credential = options.credential ?? (await createTestCredential({ alg: options.alg ?? -7 }));
  const challenge = typeof options.challenge === 'string' ? options.challenge : randomChallenge();
  const response = await createRegistrationResponse({ origin: ORIGIN, rpId: RP_ID, ...options, challenge, credential });
  return { response, challenge, credential };
}

/** verifyRegistration with the ceremony's expectations, overridable. */
export function verifyReg(
  c: Ceremony<unknown>,
  overrides: Partial<VerifyRegistrationOptions> = {},
  response: unknown = c.response,
): ReturnType<typeof verifyRegistration> {
  return verifyRegistration({
    response,
    expectedChallenge: c.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    supportedAlgorithms: ALL_ALGS,
    ...overrides,
  });
}

/** An assertion by the software authenticator for a registered credential (counter 0 → 1 unless given). */
export async function makeAssertion(
  options: Partial<Omit<CreateAssertionResponseOptions, 'credential'>> & { alg?: number; credential?: TestCredential } = {},
): Promise<Ceremony<AssertionResponse>> {
  const credential = options.credential ?? (await createTestCredential({ alg: options.alg ?? -7 }));
  const challenge = typeof options.challenge === 'string' ? options.challenge : randomChallenge();
  const response = await createAssertionResponse({ origin: ORIGIN, rpId: RP_ID, ...options, challenge, credential });
  return { response, challenge, credential };
}

/** verifyAssertion with the ceremony's expectations (stored counter 0 by default), overridable. */
export function verifyAuth(
  c: Ceremony<unknown>,
  overrides: Partial<VerifyAssertionOptions> = {},
  response: unknown = c.response,
): ReturnType<typeof verifyAssertion> {
  return verifyAssertion({
    response,
    expectedChallenge: c.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential: { id: encodeBase64url(c.credential.id), publicKey: c.credential.publicKey, counter: 0 },
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------
// Vector cases (fixtures/webauthn and fixtures/*.json)

/** The alg a case's credential uses (its result.alg, or read from the stored COSE key). */
export function caseAlg(c: VectorCase): number | undefined {
  if (c.result.verified && c.result.alg !== undefined) return c.result.alg;
  if (c.credential) {
    const key = decodeCbor(decodeBase64url(c.credential.publicKey));
    if (isCborMap(key) && typeof key.get(3) === 'number') return key.get(3) as number;
  }
  return undefined;
}

/** Runs a vector case through verifyRegistration / verifyAssertion (response replaceable for mutation tests). */
export function verifyCase(c: VectorCase, response: unknown = c.response): Promise<unknown> {
  const e = c.expected;
  const common = {
    response,
    expectedChallenge: e.challenge,
    expectedOrigin: e.origin,
    expectedRPID: e.rpId,
    requireUserVerification: e.requireUserVerification ?? false,
    allowCrossOrigin: e.allowCrossOrigin ?? false,
    ...(e.topOrigin !== undefined ? { expectedTopOrigin: e.topOrigin } : {}),
  };
  if (c.ceremony === 'registration') {
    return verifyRegistration({
      ...common,
      supportedAlgorithms: algsFor(caseAlg(c)),
      attestation: {
        ...(e.now !== undefined ? { now: new Date(e.now) } : {}),
        ...(c.trustAnchors !== undefined ? { trustAnchors: c.trustAnchors } : {}),
      },
    });
  }
  if (!c.credential) throw new Error(`authentication case ${c.id} has no credential`);
  return verifyAssertion({
    ...common,
    credential: { id: c.credential.id, publicKey: decodeBase64url(c.credential.publicKey), counter: c.credential.counter },
  });
}
