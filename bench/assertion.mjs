// Assertion (login) inputs and contenders. Every contender verifies the same bytes, produced by our
// software authenticator (webauthn-verify/testing), so a difference in speed is a difference in code.
import nodeCrypto from 'node:crypto';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { verifyAuthentication as pidVerifyAuthentication } from '@passwordless-id/webauthn/dist/esm/server.js';
import { b64u, flipB64u, unb64u } from './lib.mjs';

export const RP_ID = 'bench.example';
export const ORIGIN = 'https://bench.example';
const { subtle } = nodeCrypto.webcrypto;

/** COSE alg ids and the crypto parameters the floors need. */
export const ALGS = {
  ES256: { alg: -7, nodeHash: 'sha256', wcImport: { name: 'ECDSA', namedCurve: 'P-256' }, wcVerify: { name: 'ECDSA', hash: 'SHA-256' } },
  RS256: { alg: -257, nodeHash: 'sha256', wcImport: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, wcVerify: { name: 'RSASSA-PKCS1-v1_5' } },
  EdDSA: { alg: -8, nodeHash: null, wcImport: { name: 'Ed25519' }, wcVerify: { name: 'Ed25519' } },
};

/** DER ECDSA signature → r‖s (for the WebCrypto floor; the floor must not pay for conversion). */
function derToRaw(der, size) {
  let o = 2 + (der[1] & 0x80 ? der[1] & 0x7f : 0);
  const int = () => {
    const len = der[o + 1];
    let v = der.subarray(o + 2, o + 2 + len);
    o += 2 + len;
    while (v.length > size) v = v.subarray(1);
    const out = new Uint8Array(size);
    out.set(v, size - v.length);
    return out;
  };
  const r = int();
  const s = int();
  return new Uint8Array([...r, ...s]);
}

/** `count` distinct assertions (fresh challenge each) for one credential of `algName`. */
export async function makeAssertionInputs(testing, algName, count) {
  const spec = ALGS[algName];
  const credential = await testing.createTestCredential({ alg: spec.alg });
  const items = [];
  for (let i = 0; i < count; i++) {
    const challenge = b64u(nodeCrypto.randomBytes(32));
    const response = await testing.createAssertionResponse({ credential, challenge, origin: ORIGIN, rpId: RP_ID });
    const authData = unb64u(response.response.authenticatorData);
    const clientDataHash = nodeCrypto.createHash('sha256').update(unb64u(response.response.clientDataJSON)).digest();
    const signedData = new Uint8Array([...authData, ...clientDataHash]);
    const sig = unb64u(response.response.signature);
    items.push({ challenge, response, signedData, sigDer: sig, sigRaw: algName === 'ES256' ? derToRaw(sig, 32) : sig });
  }
  // Tampered inputs: each must be refused by every contender.
  const t = items[0];
  const withResponse = (patch) => ({ ...t.response, response: { ...t.response.response, ...patch } });
  const tampered = [
    { what: 'signature bit flipped', challenge: t.challenge, response: withResponse({ signature: flipB64u(t.response.response.signature, -3) }),
      signedData: t.signedData, sigDer: flipB64u8(t.sigDer, -3), sigRaw: flipB64u8(t.sigRaw, -3) },
    { what: 'authenticatorData counter bit flipped', challenge: t.challenge, response: withResponse({ authenticatorData: flipB64u(t.response.response.authenticatorData, 36) }),
      signedData: flipB64u8(t.signedData, 36), sigDer: t.sigDer, sigRaw: t.sigRaw },
    { what: 'wrong expected challenge', challenge: items[1].challenge, response: t.response, signedData: t.signedData, sigDer: t.sigDer, sigRaw: t.sigRaw, notSignature: true },
  ];
  return { algName, spec, credential, items, tampered };
}

function flipB64u8(bytes, at) {
  const b = new Uint8Array(bytes);
  b[at < 0 ? b.length + at : at] ^= 0x01;
  return b;
}

/**
 * The contenders for one algorithm. Each `fn(input)` resolves on success and throws (or resolves
 * false) on refusal; `signatureOnly` contenders (the floors) do not see challenge/origin checks.
 */
export async function assertionContenders(ours, inputs) {
  const { verifyAssertion } = ours.assertion;
  const { prepareCredentialKey, createCredentialKeyCache } = ours.index;
  const keyCache = createCredentialKeyCache({ maxEntries: 16 });
  const { credential, spec, algName } = inputs;
  const credId = b64u(credential.id);
  const prepared = prepareCredentialKey(credential.publicKey);
  const ourOptions = (it, publicKey, extra) => ({
    ...extra,
    response: it.response,
    expectedChallenge: it.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential: { id: credId, publicKey, counter: 0 },
  });
  const spki = credential.publicKeySpki;
  const cryptoKey = await subtle.importKey('spki', spki, spec.wcImport, false, ['verify']);
  const keyObject = nodeCrypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const list = [
    { name: 'ours: stateless (COSE bytes)', kind: 'ours', fn: (it) => verifyAssertion(ourOptions(it, credential.publicKey)) },
    { name: 'ours: prepared key', kind: 'ours', fn: (it) => verifyAssertion(ourOptions(it, prepared)) },
    // COSE bytes (a fresh copy each call, as from a database row) with a warm credentialKeyCache.
    { name: 'ours: bytes + credentialKeyCache', kind: 'ours', fn: (it) => verifyAssertion(ourOptions(it, credential.publicKey.slice(), { credentialKeyCache: keyCache })) },
    {
      name: 'SimpleWebAuthn 14', kind: 'peer', swa: true,
      fn: async (it) => {
        const r = await verifyAuthenticationResponse({
          response: it.response, expectedChallenge: it.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID,
          credential: { id: credId, publicKey: credential.publicKey, counter: 0 }, requireUserVerification: true,
        });
        return r.verified;
      },
    },
  ];
  if (algName !== 'EdDSA') {
    // @passwordless-id/webauthn 2.x verifies ES256 and RS256 only (its getAlgoParams).
    const pidCredential = { id: credId, publicKey: b64u(spki), algorithm: algName, transports: [] };
    list.push({
      name: 'passwordless-id 2.4', kind: 'peer',
      fn: (it) => pidVerifyAuthentication(it.response, pidCredential, { challenge: it.challenge, origin: ORIGIN, userVerified: true, counter: 0, domain: RP_ID }),
    });
  }
  list.push(
    { name: 'floor: WebCrypto verify (pre-imported)', kind: 'floor', signatureOnly: true, fn: (it) => subtle.verify(spec.wcVerify, cryptoKey, it.sigRaw, it.signedData) },
    { name: 'floor: node:crypto verify (KeyObject)', kind: 'floor', signatureOnly: true, fn: (it) => nodeCrypto.verify(spec.nodeHash, it.signedData, keyObject, it.sigDer) },
  );
  return list;
}
