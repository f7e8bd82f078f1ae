// Framework-free smoke test of the PACKED package, run from a scratch consumer folder under
// node, bun and `deno run --no-prompt` (no permissions at all). Uses only public entry points:
// a software authenticator from webauthn-verify/testing registers and signs in; a tampered
// response is refused with the right code. Prints one line and throws on any failure.
import { verifyRegistration, verifyAssertion } from 'webauthn-verify';
import { verifyAssertion as verifyAssertionLight } from 'webauthn-verify/assertion';
import { generateRegistrationOptions, generateAuthenticationOptions } from 'webauthn-verify/options';
import { createTestCredential, createRegistrationResponse, createAssertionResponse } from 'webauthn-verify/testing';
import { parseAuthenticatorData, decodeBase64url } from 'webauthn-verify/parse';
import { decodeCOSEKey, coseKeyToJWK } from 'webauthn-verify/cose';
import { parseCertificate, KNOWN_ROOTS } from 'webauthn-verify/x509';

const rt = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
const origin = 'https://smoke.example';
const rpId = 'smoke.example';
const checks = {};

async function code(promise) {
  try {
    await promise;
    return 'verified';
  } catch (e) {
    return e && e.name === 'WebAuthnError' ? e.code : `unexpected ${e}`;
  }
}

for (const alg of [-7, -8, -257]) {
  const regOptions = generateRegistrationOptions({ rpName: 'Smoke', rpID: rpId, userName: 'smoke' });
  const credential = await createTestCredential({ alg });
  const response = await createRegistrationResponse({ credential, challenge: regOptions.challenge, origin, rpId });
  const reg = await verifyRegistration({ response, expectedChallenge: regOptions.challenge, expectedOrigin: origin, expectedRPID: rpId });
  checks[`alg ${alg} registration`] = reg.credential.algorithm === alg && reg.attestation.fmt === 'none';

  const authOptions = generateAuthenticationOptions({ rpID: rpId });
  const assertion = await createAssertionResponse({ credential, challenge: authOptions.challenge, origin, rpId });
  const stored = { id: reg.credential.id, publicKey: reg.credential.publicKey, counter: reg.credential.counter };
  const opts = (response2, extra = {}) => ({ response: response2, expectedChallenge: authOptions.challenge, expectedOrigin: origin, expectedRPID: rpId, credential: stored, ...extra });
  const ok = await verifyAssertion(opts(assertion));
  checks[`alg ${alg} assertion`] = ok.newCounter > stored.counter && ok.userVerified === true;
  checks[`alg ${alg} assertion (light entry)`] = (await verifyAssertionLight(opts(assertion))).credentialId === reg.credential.id;

  // Tampering: another challenge, another origin, a signature with one bit flipped.
  checks[`alg ${alg} wrong challenge`] = (await code(verifyAssertion(opts(assertion, { expectedChallenge: generateAuthenticationOptions({ rpID: rpId }).challenge })))) === 'ERR_CLIENT_DATA_CHALLENGE_MISMATCH';
  checks[`alg ${alg} wrong origin`] = (await code(verifyAssertion(opts(assertion, { expectedOrigin: 'https://evil.example' })))) === 'ERR_CLIENT_DATA_ORIGIN_MISMATCH';
  const sig = assertion.response.signature;
  const flippedChar = sig[4] === 'A' ? 'B' : 'A';
  const flipped = { ...assertion, response: { ...assertion.response, signature: sig.slice(0, 4) + flippedChar + sig.slice(5) } };
  const flippedCode = await code(verifyAssertion(opts(flipped)));
  checks[`alg ${alg} tampered signature`] = flippedCode === 'ERR_SIGNATURE_INVALID' || flippedCode === 'ERR_SIGNATURE_MALFORMED';
}

// The low-level subpaths resolve and work from the packed package.
{
  const credential = await createTestCredential({ alg: -7 });
  const reg = await createRegistrationResponse({ credential, challenge: 'AAAA', origin, rpId });
  const assertion = await createAssertionResponse({ credential, challenge: 'AAAA', origin, rpId });
  checks['subpath parse'] = parseAuthenticatorData(decodeBase64url(assertion.response.authenticatorData)).flags.userPresent === true;
  checks['subpath cose'] = coseKeyToJWK(decodeCOSEKey(credential.publicKey)).kty === 'EC' && typeof reg.id === 'string';
  checks['subpath x509'] = typeof parseCertificate === 'function' && typeof KNOWN_ROOTS === 'object';
}

const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([k]) => k);
console.log(`smoke ${rt} (esm): ${failed.length ? `FAIL ${failed.join(', ')}` : `ok (${Object.keys(checks).length} checks)`}`);
if (failed.length) throw new Error('smoke failed');
