/**
 * The fast-check properties behind both the bounded runs in `npm test` (test/properties/) and the
 * long runs of `npm run test:fuzz` (test/fuzz/). Every property is seeded from genuine responses:
 * the verified:true cases of fixtures/*.json and fixtures/webauthn.
 *
 *  (a) mutating any byte of any signed field of a genuine response never yields a verified result,
 *      and the rejection is always a WebAuthnError;
 *  (b) arbitrary JSON shaped like a response gives a result or a WebAuthnError, nothing else;
 *  (c) arbitrary or mutated bytes into every parser give a value or a WebAuthnError.
 */
import fc from 'fast-check';
import { parseAttestationObject } from '../../src/parse/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parse/authenticator-data.js';
import { decodeCbor, isCborMap } from '../../src/cbor/decode.js';
import { encodeCbor, type CborEncodable } from '../../src/testing/cbor-encode.js';
import { parseClientDataJSON } from '../../src/parse/client-data.js';
import { decodeCOSEKey } from '../../src/cose/key.js';
import { decodeBase64url, encodeBase64url, isBase64url } from '../../src/encoding/base64url.js';
import { isWebAuthnError } from '../../src/errors.js';
import { verifyAssertion } from '../../src/ceremony/assertion.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { cloneJson, verifyCase } from '../conformance/helpers.js';
import { loadFixtureVectors, loadWebAuthnVectors, type VectorCase } from '../helpers/fixtures.js';

/** Genuine cases: every verified:true case we have. */
export function genuineCases(): VectorCase[] {
  return [...loadFixtureVectors(), ...loadWebAuthnVectors()].filter((c) => c.result.verified);
}

/** Rethrows anything that is not a WebAuthnError (the property then fails with it). */
function onlyWebAuthnErrors(e: unknown): void {
  if (!isWebAuthnError(e)) throw e;
}

// ---------------------------------------------------------------------------------------------
// (a) mutations of signed fields

export type Mutation = { op: 'flip'; pos: number; mask: number } | { op: 'insert'; pos: number; byte: number } | { op: 'delete'; pos: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), pos: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), pos: fc.nat() }),
);

/** A mutated copy of `bytes` (never equal to it when bytes is non-empty). */
export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (m.op === 'flip') {
    const out = bytes.slice();
    if (out.length > 0) out[m.pos % out.length]! ^= m.mask;
    return out;
  }
  if (m.op === 'insert') {
    const at = m.pos % (bytes.length + 1);
    const out = new Uint8Array(bytes.length + 1);
    out.set(bytes.subarray(0, at));
    out[at] = m.byte;
    out.set(bytes.subarray(at), at + 1);
    return out;
  }
  if (bytes.length === 0) return bytes;
  const at = m.pos % bytes.length;
  const out = new Uint8Array(bytes.length - 1);
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(at + 1), at);
  return out;
}

type Field = 'clientDataJSON' | 'authenticatorData' | 'signature' | 'attObj.authData' | 'attStmt.sig';

export interface SignedTarget {
  readonly c: VectorCase;
  readonly field: Field;
}

/**
 * The signed fields of each genuine case. Registration: fmt "none" signs nothing, so it has no
 * target; fido-u2f signs rpIdHash/clientDataHash/credential id/key but not the flags, counter or
 * AAGUID (§8.6 verificationData), so only clientDataJSON and sig are targets for it. Every other
 * format signs (or hashes into its nonce) authData ‖ clientDataHash.
 */
export function signedTargets(cases: readonly VectorCase[]): SignedTarget[] {
  const out: SignedTarget[] = [];
  for (const c of cases) {
    if (c.ceremony === 'authentication') {
      for (const field of ['clientDataJSON', 'authenticatorData', 'signature'] as const) out.push({ c, field });
      continue;
    }
    const fmt = c.result.verified ? c.result.fmt : undefined;
    if (fmt === 'none' || fmt === undefined) continue;
    out.push({ c, field: 'clientDataJSON' });
    if (fmt !== 'fido-u2f') out.push({ c, field: 'attObj.authData' });
    const stmt = attestationMap(c).get('attStmt');
    if (isCborMap(stmt) && stmt.get('sig') instanceof Uint8Array) out.push({ c, field: 'attStmt.sig' });
  }
  return out;
}

function attestationMap(c: VectorCase): Map<unknown, unknown> {
  const v = decodeCbor(decodeBase64url(c.response.response.attestationObject));
  if (!isCborMap(v)) throw new Error(`${c.id}: attestationObject is not a map`);
  return new Map<unknown, unknown>(v);
}

/** The response of `t.c` with `t.field` mutated by `m`. */
export function mutatedResponse(t: SignedTarget, m: Mutation): unknown {
  const r = cloneJson(t.c.response);
  if (t.field === 'attObj.authData' || t.field === 'attStmt.sig') {
    const map = attestationMap(t.c);
    if (t.field === 'attObj.authData') map.set('authData', mutate(map.get('authData') as Uint8Array, m));
    else {
      const stmt = new Map<unknown, unknown>(map.get('attStmt') as Map<unknown, unknown>);
      stmt.set('sig', mutate(stmt.get('sig') as Uint8Array, m));
      map.set('attStmt', stmt);
    }
    r.response.attestationObject = encodeBase64url(encodeCbor(map as CborEncodable));
  } else {
    r.response[t.field] = encodeBase64url(mutate(decodeBase64url(r.response[t.field]), m));
  }
  return r;
}

/** Property (a): the mutated response is rejected, with a WebAuthnError. */
export function signedFieldMutationProperty(targets: readonly SignedTarget[]) {
  return fc.asyncProperty(fc.constantFrom(...targets), mutationArb, async (t, m) => {
    const response = mutatedResponse(t, m);
    let verified = false;
    try {
      await verifyCase(t.c, response);
      verified = true;
    } catch (e) {
      onlyWebAuthnErrors(e);
    }
    if (verified) throw new Error(`${t.c.id}: mutated ${t.field} (${JSON.stringify(m)}) verified`);
  });
}

// ---------------------------------------------------------------------------------------------
// (b) arbitrary JSON shaped like a response

const base64urlArb = fc.uint8Array({ maxLength: 300 }).map((b) => encodeBase64url(b));

/** A member value: a genuine one, base64url of random bytes, a mutated genuine one, or anything at all. */
function memberArb(genuine: readonly string[]): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [base64urlArb, fc.string(), fc.anything(), fc.constant(''), fc.constant(null)];
  if (genuine.length > 0) {
    options.push(fc.constantFrom(...genuine));
    options.push(
      fc.tuple(fc.constantFrom(...genuine), mutationArb).map(([g, m]) => encodeBase64url(mutate(decodeBase64url(g), m))),
    );
  }
  return fc.oneof(...options);
}

export function responseShapeArb(cases: readonly VectorCase[]): fc.Arbitrary<unknown> {
  const pick = (name: string): string[] =>
    cases.map((c) => c.response?.response?.[name]).filter((v): v is string => typeof v === 'string' && v !== '');
  const ids = cases.map((c) => c.response.id as string);
  const idArb = memberArb(ids);
  const inner = fc.record(
    {
      clientDataJSON: memberArb(pick('clientDataJSON')),
      attestationObject: memberArb(pick('attestationObject')),
      authenticatorData: memberArb(pick('authenticatorData')),
      signature: memberArb(pick('signature')),
      userHandle: memberArb(pick('userHandle')),
      transports: fc.oneof(fc.constant(['usb']), fc.anything()),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.anything() },
    {
      weight: 6,
      arbitrary: fc.record(
        {
          id: idArb,
          rawId: idArb,
          type: fc.oneof(fc.constant('public-key'), fc.anything()),
          response: fc.oneof({ weight: 6, arbitrary: inner }, { weight: 1, arbitrary: fc.anything() }),
          clientExtensionResults: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    },
  );
}

/** Property (b): both ceremonies give a result or a WebAuthnError for any response-shaped JSON. */
export function responseShapeProperty(cases: readonly VectorCase[]) {
  const stored = cases.find((c) => c.ceremony === 'authentication' && c.credential)!;
  return fc.asyncProperty(responseShapeArb(cases), fc.boolean(), async (response, rpIdFromCase) => {
    // The stored id follows the response's id when that is usable, so later checks are reached too.
    const responseId = (response as { id?: unknown } | null)?.id;
    const credential = {
      id: isBase64url(responseId) && responseId !== '' ? responseId : stored.credential!.id,
      publicKey: decodeBase64url(stored.credential!.publicKey),
      counter: 0,
    };
    const expected = {
      expectedChallenge: stored.expected.challenge,
      expectedOrigin: stored.expected.origin,
      expectedRPID: rpIdFromCase ? stored.expected.rpId : 'example.com',
      requireUserVerification: false,
    };
    for (const run of [
      () => verifyRegistration({ response, ...expected }),
      () => verifyAssertion({ response, ...expected, credential }),
    ]) {
      try {
        await run();
      } catch (e) {
        onlyWebAuthnErrors(e);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// (c) parsers

export interface ParserTarget {
  readonly name: string;
  readonly parse: (bytes: Uint8Array) => unknown;
  readonly seeds: readonly Uint8Array[];
}

export function parserTargets(cases: readonly VectorCase[]): ParserTarget[] {
  const bytesOf = (name: string): Uint8Array[] =>
    cases.map((c) => c.response?.response?.[name]).filter((v): v is string => typeof v === 'string').map((v) => decodeBase64url(v));
  const attObjs = bytesOf('attestationObject');
  const authDatas = [
    ...bytesOf('authenticatorData'),
    ...attObjs.map((a) => {
      const m = decodeCbor(a);
      return (isCborMap(m) ? m.get('authData') : new Uint8Array(0)) as Uint8Array;
    }),
  ];
  const coseKeys = cases.filter((c) => c.credential).map((c) => decodeBase64url(c.credential!.publicKey));
  // Attestation certificates (attStmt x5c of every format that carries one).
  const certificates = attObjs.flatMap((a) => {
    const m = decodeCbor(a);
    const st = isCborMap(m) ? m.get('attStmt') : undefined;
    const x5c = isCborMap(st) ? st.get('x5c') : undefined;
    return Array.isArray(x5c) ? x5c.filter((c): c is Uint8Array => c instanceof Uint8Array) : [];
  });
  return [
    { name: 'parseClientDataJSON', parse: parseClientDataJSON, seeds: bytesOf('clientDataJSON') },
    { name: 'parseAuthenticatorData', parse: parseAuthenticatorData, seeds: authDatas },
    { name: 'parseAttestationObject', parse: parseAttestationObject, seeds: attObjs },
    { name: 'decodeCOSEKey', parse: decodeCOSEKey, seeds: coseKeys },
    { name: 'decodeCbor', parse: (b) => decodeCbor(b), seeds: [...attObjs, ...coseKeys] },
    { name: 'parseCertificate', parse: parseCertificate, seeds: certificates },
  ];
}

/** Property (c): random bytes, and genuine bytes with up to three mutations, parse or throw WebAuthnError. */
export function parserProperty(target: ParserTarget) {
  const seeded =
    target.seeds.length > 0
      ? fc
          .tuple(fc.constantFrom(...target.seeds), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
          .map(([seed, ms]) => ms.reduce((b, m) => mutate(b, m), seed))
      : fc.uint8Array();
  const bytesArb = fc.oneof(fc.uint8Array({ maxLength: 512 }), seeded, seeded);
  return fc.property(bytesArb, (bytes) => {
    try {
      target.parse(bytes);
    } catch (e) {
      onlyWebAuthnErrors(e);
    }
  });
}
