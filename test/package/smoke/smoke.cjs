// The CommonJS twin of smoke.mjs: the same ceremony through require() (Node >= 20.19 loads the
// ESM-only dependencies through require(esm)). Framework-free; throws on any failure.
const { verifyRegistration, verifyAssertion } = require('webauthn-verify');
const { generateRegistrationOptions, generateAuthenticationOptions } = require('webauthn-verify/options');
const { createTestCredential, createRegistrationResponse, createAssertionResponse } = require('webauthn-verify/testing');

const rt = globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
const origin = 'https://smoke.example';
const rpId = 'smoke.example';

async function main() {
  const checks = {};
  const regOptions = generateRegistrationOptions({ rpName: 'Smoke', rpID: rpId, userName: 'smoke' });
  const credential = await createTestCredential({ alg: -7 });
  const response = await createRegistrationResponse({ credential, challenge: regOptions.challenge, origin, rpId });
  const reg = await verifyRegistration({ response, expectedChallenge: regOptions.challenge, expectedOrigin: origin, expectedRPID: rpId });
  checks.registration = reg.credential.algorithm === -7;
  const authOptions = generateAuthenticationOptions({ rpID: rpId });
  const assertion = await createAssertionResponse({ credential, challenge: authOptions.challenge, origin, rpId });
  const stored = { id: reg.credential.id, publicKey: reg.credential.publicKey, counter: reg.credential.counter };
  const result = await verifyAssertion({ response: assertion, expectedChallenge: authOptions.challenge, expectedOrigin: origin, expectedRPID: rpId, credential: stored });
  checks.assertion = result.newCounter > 0;
  try {
    await verifyAssertion({ response: assertion, expectedChallenge: authOptions.challenge, expectedOrigin: origin, expectedRPID: 'other.example', credential: stored });
    checks['wrong rpId refused'] = false;
  } catch (e) {
    checks['wrong rpId refused'] = e.name === 'WebAuthnError' && e.code === 'ERR_AUTH_DATA_RP_ID_MISMATCH';
  }
  const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([k]) => k);
  console.log(`smoke ${rt} (cjs): ${failed.length ? `FAIL ${failed.join(', ')}` : `ok (${Object.keys(checks).length} checks)`}`);
  if (failed.length) process.exitCode = 1;
}

main().catch((e) => {
  console.log(`smoke ${rt} (cjs): FAIL ${e && e.stack}`);
  process.exitCode = 1;
});
