/**
 * Attack (issue 11, mutation survivor): packed self attestation whose statement `alg` is a
 * different identifier of the same signature family as the credential key's `alg`: an Ed25519
 * credential key with alg −8 (EdDSA) and a statement saying −19 (Ed25519). The signature itself
 * is valid (EdDSA over Ed25519 is the same computation), so only the alg comparison can refuse it.
 *
 * Clause: WebAuthn L3 §8.2 verification procedure, self attestation: "Validate that alg matches the
 * algorithm of the credentialPublicKey in authenticatorData" — the identifiers must be equal,
 * and the refusal must be that check's code (ERR_ATTESTATION_ALG_MISMATCH), not a later one.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { verifyRegistration } from '../../src/ceremony/registration.js';
import { createRegistrationResponse, createTestCredential } from '../../src/testing/index.js';
import { codeOf } from '../helpers/codes.js';

const RP = 'example.com';
const ORIGIN = 'https://example.com';
const CHALLENGE = encodeBase64url(new Uint8Array(32).fill(0x66));
const expectations = { expectedChallenge: CHALLENGE, expectedOrigin: ORIGIN, expectedRPID: RP } as const;

describe('attack: packed self attestation with a same-family alg (L3 §8.2, self attestation)', () => {
  it('Ed25519 key alg −8, statement alg −19 → ERR_ATTESTATION_ALG_MISMATCH', async () => {
    const credential = await createTestCredential({ alg: -8 });
    const relabel = (alg: number) => ({ mutateAttStmt: (m: Map<unknown, unknown>) => new Map(m).set('alg', alg) });
    const make = (alg?: number) =>
      createRegistrationResponse({ credential, challenge: CHALLENGE, origin: ORIGIN, rpId: RP, fmt: 'packed', ...(alg ? { faults: relabel(alg) } : {}) });
    const options = { ...expectations, supportedAlgorithms: [-8, -19] };
    expect(await codeOf(verifyRegistration({ response: await make(-19), ...options }))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
    // Another family entirely: the same check, the same code.
    expect(await codeOf(verifyRegistration({ response: await make(-7), ...options }))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
    // Positive control: the statement alg equal to the key's → self attestation verifies.
    const ok = await verifyRegistration({ response: await make(), ...options });
    expect(ok.attestation).toMatchObject({ fmt: 'packed', type: 'self' });
  });
});
