/**
 * Attack (issue 11, finding 3): a compound statement (WebAuthn L3 §8.9) smuggles sub-statement
 * formats, or trust anchors, past the RP's per-format policy.
 *
 * Clauses: §7.1 step 21 (the fmt must be one the RP supports: `attestation.formats`), applied to
 * every sub-statement because §8.9 runs each sub-statement's own verification procedure; §7.1 step
 * 23 (trust anchors are obtained for the attestation type *and format*), so anchors are resolved
 * per sub-statement fmt, never once for "compound".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor } from '../../src/cbor/decode.js';
import { encodeCbor } from '../../src/testing/cbor-encode.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration, type TrustAnchorInput } from '../../src/ceremony/registration.js';
import {
  createAttestationChain,
  createRegistrationResponse,
  createTestCredential,
  type TestAttestationChain,
} from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x33));

type Sub = [fmt: string, attStmt: Map<string, unknown>];

/** A genuine packed x5c registration whose attestationObject is rewritten as compound[subs]. */
async function compound(chain: TestAttestationChain, pick: (packed: Map<string, unknown>) => Sub[]) {
  const credential = await createTestCredential({ alg: -7 });
  const x5c = { certificates: chain.x5c, privateKey: chain.leaf.privateKey };
  const response = await createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', attestation: 'x5c', x5c });
  const att = decodeCbor(decodeBase64url(response.response.attestationObject)) as Map<string, unknown>;
  const subs = pick(att.get('attStmt') as Map<string, unknown>).map(([fmt, s]) => new Map<string, unknown>([['fmt', fmt], ['attStmt', s]]));
  const rebuilt = encodeCbor(new Map<string, unknown>([['fmt', 'compound'], ['attStmt', subs], ['authData', att.get('authData')]]) as never);
  return { ...response, response: { ...response.response, attestationObject: encodeBase64url(rebuilt) } };
}

const NONE: Sub = ['none', new Map()];

describe('attack: compound sub-statements bypass attestation.formats (L3 §7.1 step 21, §8.9)', () => {
  let chain: TestAttestationChain;
  beforeAll(async () => {
    chain = await createAttestationChain();
  });
  const verify = (response: unknown, attestation: Record<string, unknown>) =>
    verifyRegistration({ response, expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP, attestation });

  it("compound[none, none] is refused when 'none' is not allowed", async () => {
    const response = await compound(chain, () => [NONE, NONE]);
    expect(await codeOf(verify(response, { formats: ['packed', 'compound'] }))).toBe('ERR_ATTESTATION_FORMAT_NOT_ALLOWED');
  });

  it('one disallowed sub-statement among allowed ones is refused', async () => {
    const response = await compound(chain, (packed) => [['packed', packed], NONE]);
    expect(await codeOf(verify(response, { formats: ['packed', 'compound'] }))).toBe('ERR_ATTESTATION_FORMAT_NOT_ALLOWED');
  });

  it("an unknown sub-statement fmt is unsupported, even if the RP lists it", async () => {
    const response = await compound(chain, (packed) => [['packed', packed], ['x-vendor', new Map()]]);
    expect(await codeOf(verify(response, { formats: ['packed', 'compound', 'x-vendor'] }))).toBe('ERR_ATTESTATION_FORMAT_UNSUPPORTED');
  });

  it('positive: every sub-statement fmt allowed → verifies', async () => {
    const response = await compound(chain, (packed) => [['packed', packed], NONE]);
    const r = await verify(response, { formats: ['packed', 'none', 'compound'] });
    expect(r.attestation.statements?.map((s) => s.fmt)).toEqual(['packed', 'none']);
  });

  it('compound itself must still be allowed', async () => {
    const response = await compound(chain, (packed) => [['packed', packed], NONE]);
    expect(await codeOf(verify(response, { formats: ['packed', 'none'] }))).toBe('ERR_ATTESTATION_FORMAT_NOT_ALLOWED');
  });
});

describe('attack: compound borrows another format\'s trust anchors (L3 §7.1 step 23)', () => {
  let chain: TestAttestationChain;
  beforeAll(async () => {
    chain = await createAttestationChain();
  });
  const verifyWith = (response: unknown, resolver: (fmt: string) => readonly TrustAnchorInput[] | undefined) =>
    verifyRegistration({
      response,
      expectedChallenge: CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP,
      attestation: { trustAnchors: (fmt) => resolver(fmt) },
    });

  it("anchors the RP gives for 'compound'/'tpm' do not anchor a packed sub-statement", async () => {
    const response = await compound(chain, (packed) => [['packed', packed], ['packed', packed]]);
    const r = await verifyWith(response, (fmt) => (fmt === 'packed' ? undefined : chain.anchorsPem));
    expect(r.attestation.trusted).toBe(false);
    expect(r.attestation.statements?.map((s) => s.trusted)).toEqual([false, false]);
  });

  it("positive: anchors for 'packed' anchor packed sub-statements; the resolver is asked per sub-statement fmt, never for 'compound'", async () => {
    const response = await compound(chain, (packed) => [['packed', packed], ['packed', packed]]);
    const asked: string[] = [];
    const r = await verifyWith(response, (fmt) => {
      asked.push(fmt);
      return fmt === 'packed' ? chain.anchorsPem : undefined;
    });
    expect(r.attestation).toMatchObject({ fmt: 'compound', type: 'basic', trusted: true });
    expect(asked).toEqual(['packed']);
  });
});
