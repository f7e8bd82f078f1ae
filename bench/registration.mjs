// Registration inputs (none, packed self, packed x5c with a root → intermediate → leaf chain) and
// contenders: ours verifyRegistration vs SimpleWebAuthn verifyRegistrationResponse. Both are given
// the same root as trust anchor for x5c, so both validate the chain.
import nodeCrypto from 'node:crypto';
import { SettingsService, verifyRegistrationResponse } from '@simplewebauthn/server';
import { ORIGIN, RP_ID } from './assertion.mjs';
import { b64u, flipB64u } from './lib.mjs';
import { opensslAttestationChain } from './openssl-chain.mjs';

export const REGISTRATION_KINDS = ['none', 'packed self', 'packed x5c'];

export async function makeRegistrationInputs(testing, kind, count) {
  const chain = kind === 'packed x5c' ? await opensslAttestationChain() : undefined;
  const items = [];
  for (let i = 0; i < count; i++) {
    const credential = await testing.createTestCredential({ alg: -7 });
    const challenge = b64u(nodeCrypto.randomBytes(32));
    const response = await testing.createRegistrationResponse({
      credential, challenge, origin: ORIGIN, rpId: RP_ID,
      fmt: kind === 'none' ? 'none' : 'packed',
      ...(kind === 'packed self' ? { attestation: 'self' } : {}),
      ...(chain ? { attestation: 'x5c', x5c: { certificates: chain.x5c, privateKey: chain.privateKey } } : {}),
    });
    items.push({ challenge, response });
  }
  const t = items[0];
  const tampered = [
    { what: 'wrong expected challenge', challenge: items[1].challenge, response: t.response },
    { what: 'clientDataJSON bit flipped', challenge: t.challenge,
      response: { ...t.response, response: { ...t.response.response, clientDataJSON: flipB64u(t.response.response.clientDataJSON, -3) } } },
  ];
  if (kind !== 'none') {
    // A flipped bit inside the attestation signature (the attestationObject's last bytes are the
    // attStmt's sig or x5c for packed; the flip breaks a signature either way).
    tampered.push({ what: 'attestationObject tail bit flipped', challenge: t.challenge,
      response: { ...t.response, response: { ...t.response.response, attestationObject: flipB64u(t.response.response.attestationObject, -2) } } });
  }
  return { kind, items, tampered, anchorsPem: chain?.anchorsPem };
}

export function registrationContenders(ours, inputs) {
  const { verifyRegistration } = ours.index;
  const attestation = inputs.anchorsPem ? { trustAnchors: inputs.anchorsPem } : undefined;
  return [
    {
      name: 'ours: verifyRegistration', kind: 'ours',
      fn: (it) => verifyRegistration({ response: it.response, expectedChallenge: it.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, ...(attestation ? { attestation } : {}) }),
    },
    {
      name: 'SimpleWebAuthn 14', kind: 'peer', swa: true,
      fn: async (it) => {
        // Root certificates are per format and global in SimpleWebAuthn: set them for this kind.
        SettingsService.setRootCertificates({ identifier: 'packed', certificates: inputs.anchorsPem ? [...inputs.anchorsPem] : [] });
        const r = await verifyRegistrationResponse({ response: it.response, expectedChallenge: it.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: true });
        return r.verified;
      },
    },
  ];
}
