/**
 * FIDO2 server conformance, attestation statements (SECURITY-CHECKLIST.md §6): the packed items of
 * Resp-3, Resp-4 (algorithms), Resp-5 (packed full), Resp-6 (packed self), Resp-7 (none),
 * Resp-8 (fido-u2f) built with the software authenticator; Resp-9 (tpm), Resp-A (android-key)
 * and Resp-B (android-safetynet) by editing genuine responses from fixtures/webauthn.
 * The metadata-service items are out of scope (docs/security.md): trust anchors are the caller's.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { decodeUtf8, encodeUtf8 } from '../../src/encoding/bytes.js';
import {
  createAttestationChain,
  createTestCredential,
  generateTestKeyPair,
  issueTestCertificate,
  type AttestationKeyAndChain,
} from '../../src/testing/index.js';
import { toPem } from '../../src/x509/pem.js';
import { loadWebAuthnVectors, type VectorCase } from '../helpers/fixtures.js';
import {
  ALL_ALGS,
  RS1,
  cloneJson,
  decodeAttestationObject,
  editAttestationObject,
  editAttStmt,
  expectCode,
  makeRegistration,
  verifyCase,
  verifyReg,
} from './helpers.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY = 86_400_000;

async function x5cChain(): Promise<{ x5c: AttestationKeyAndChain; anchors: string[] }> {
  const chain = await createAttestationChain({ now: NOW });
  return { x5c: { certificates: chain.x5c, privateKey: chain.leaf.privateKey, alg: -7 }, anchors: [...chain.anchorsPem] };
}

describe('Server-ServerAuthenticatorAttestationResponse-Resp-3 (packed statement shape)', () => {
  const edits: ReadonlyArray<readonly [string, (s: Map<unknown, unknown>) => Map<unknown, unknown>, string]> = [
    ['packed with an empty attStmt', () => new Map(), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['alg missing', (s) => (s.delete('alg'), s), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['alg not a number', (s) => s.set('alg', 'ES256'), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['alg not matching the credential key (self)', (s) => s.set('alg', -257), 'ERR_ATTESTATION_ALG_MISMATCH'],
    ['sig missing', (s) => (s.delete('sig'), s), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['sig not a byte string', (s) => s.set('sig', 'MEUCIQ'), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['sig empty', (s) => s.set('sig', new Uint8Array(0)), 'ERR_ATTESTATION_STATEMENT_INVALID'],
    ['stricter: unknown attStmt member', (s) => s.set('ecdaaKeyId', new Uint8Array(4)), 'ERR_ATTESTATION_STATEMENT_INVALID'],
  ];
  for (const [name, edit, code] of edits) {
    it(`Resp-3 F: ${name} → ${code}`, async () => {
      const c = await makeRegistration({ fmt: 'packed' });
      await expectCode(verifyReg(c, {}, editAttStmt(c.response, edit)), code as never);
    });
  }
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-4 (algorithms, packed self attestation)', () => {
  const algs: ReadonlyArray<readonly [number, string, boolean]> = [
    [-257, 'RS256', true],
    [-7, 'ES256', true],
    [-37, 'PS256', false],
    [-38, 'PS384', false],
    [-39, 'PS512', false],
    [-258, 'RS384', false],
    [-259, 'RS512', false],
    [-35, 'ES384', false],
    [-36, 'ES512', false],
    [-8, 'EdDSA (Ed25519)', false],
  ];
  for (const [alg, name, mandatory] of algs) {
    it(`Resp-4 P (${mandatory ? 'mandatory' : 'optional'}): ${name} (${alg}) is accepted`, async () => {
      const c = await makeRegistration({ fmt: 'packed', alg });
      await expect(verifyReg(c)).resolves.toMatchObject({ credential: { algorithm: alg }, attestation: { type: 'self' } });
    });
  }
  it('Resp-4 P (mandatory): RS1 (-65535) is accepted when supportedAlgorithms includes it', async () => {
    const c = await makeRegistration({ fmt: 'packed', alg: RS1 });
    await expect(verifyReg(c, { supportedAlgorithms: [...ALL_ALGS, RS1] })).resolves.toMatchObject({ credential: { algorithm: RS1 } });
  });
  it('Resp-4 (our default): an RS1 credential key is refused unless the RP lists -65535 → ERR_COSE_ALG_NOT_ALLOWED', async () => {
    const c = await makeRegistration({ fmt: 'packed', alg: RS1 });
    await expectCode(verifyReg(c), 'ERR_COSE_ALG_NOT_ALLOWED');
  });
  it('attestation.allowRS1InStatement: false refuses an RS1 statement signature → ERR_ATTESTATION_ALG_MISMATCH', async () => {
    const c = await makeRegistration({ fmt: 'packed', alg: RS1 });
    await expectCode(verifyReg(c, { supportedAlgorithms: [...ALL_ALGS, RS1], attestation: { allowRS1InStatement: false } }), 'ERR_ATTESTATION_ALG_MISMATCH');
  });
  it('Resp-4 (optional ES256K): not implemented; a secp256k1 key is refused, never mis-verified', async () => {
    const c = await makeRegistration({ fmt: 'packed' });
    // Rewrite the statement alg to ES256K (-47): an unsupported statement alg.
    await expectCode(verifyReg(c, {}, editAttStmt(c.response, (s) => s.set('alg', -47))), 'ERR_ATTESTATION_ALG_MISMATCH');
  });
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-5 (packed full attestation)', () => {
  it('Resp-5 P-1: a valid chain is accepted and anchored', async () => {
    const { x5c, anchors } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    await expect(verifyReg(c, { attestation: { now: NOW, trustAnchors: anchors } })).resolves.toMatchObject({
      attestation: { fmt: 'packed', type: 'basic', trusted: true },
    });
  });
  it('Resp-5 F: unknown fmt → ERR_ATTESTATION_FORMAT_UNSUPPORTED', async () => {
    const c = await makeRegistration({ fmt: 'packed', faults: { fmt: 'packed-v2' } });
    await expectCode(verifyReg(c), 'ERR_ATTESTATION_FORMAT_UNSUPPORTED');
  });
  it('Resp-5 F: sig does not verify → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { x5c } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c, faults: { corruptSignature: true } });
    await expectCode(verifyReg(c, { attestation: { now: NOW } }), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
  it('Resp-5 F: x5c not an array → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const { x5c } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    const r = editAttStmt(c.response, (s) => s.set('x5c', x5c.certificates[0]));
    await expectCode(verifyReg(c, { attestation: { now: NOW } }, r), 'ERR_ATTESTATION_STATEMENT_INVALID');
  });
  it('Resp-5 F: x5c empty → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const { x5c } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    await expectCode(verifyReg(c, { attestation: { now: NOW } }, editAttStmt(c.response, (s) => s.set('x5c', []))), 'ERR_ATTESTATION_STATEMENT_INVALID');
  });
  it('Resp-5 F: x5c missing (full statement without its certificates) → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    // The statement then reads as self attestation: the attestation key's signature fails with the credential key.
    const { x5c } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    await expectCode(verifyReg(c, {}, editAttStmt(c.response, (s) => (s.delete('x5c'), s))), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
  it('Resp-5 F: leaf expired → ERR_X509_EXPIRED', async () => {
    const { x5c, anchors } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    await expectCode(verifyReg(c, { attestation: { now: new Date(NOW.getTime() + 400 * DAY), trustAnchors: anchors } }), 'ERR_X509_EXPIRED');
  });
  it('Resp-5 F: leaf not yet valid → ERR_X509_NOT_YET_VALID', async () => {
    const { x5c, anchors } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    await expectCode(verifyReg(c, { attestation: { now: new Date(NOW.getTime() - 2 * DAY), trustAnchors: anchors } }), 'ERR_X509_NOT_YET_VALID');
  });
  it('Resp-5 F: chain does not verify (leaf signature broken) → ERR_X509_SIGNATURE_INVALID', async () => {
    const chain = await createAttestationChain({ now: NOW, faults: { tamperLeafSignature: true } });
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c: { certificates: chain.x5c, privateKey: chain.leaf.privateKey } });
    await expectCode(verifyReg(c, { attestation: { now: NOW, trustAnchors: [...chain.anchorsPem] } }), 'ERR_X509_SIGNATURE_INVALID');
  });
  // The foreign root has the same subject name as ours, so the path reaches it and its signature check fails.
  it('Resp-5 F: chain does not reach the configured anchors → ERR_X509_SIGNATURE_INVALID', async () => {
    const { x5c } = await x5cChain();
    const other = await createAttestationChain({ now: NOW });
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c });
    await expectCode(verifyReg(c, { attestation: { now: NOW, trustAnchors: [...other.anchorsPem] } }), 'ERR_X509_SIGNATURE_INVALID');
  });
  // Resp-5 F-10 (x5c carrying the root) is deliberately NOT followed: L3 does not forbid it, real
  // Android chains carry their root (swa-android-key-galaxy-s9-reg, verified:true), and a root that is
  // byte-identical to a configured anchor adds no trust. A root that is not an anchor still fails
  // (docs/security.md, "Conformance decisions").
  it('Resp-5 F-10 (deviation): x5c carrying a root that is a configured anchor is accepted', async () => {
    const chain = await createAttestationChain({ now: NOW });
    const certificates = [...chain.x5c, chain.root.der];
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c: { certificates, privateKey: chain.leaf.privateKey } });
    const r = await verifyReg(c, { attestation: { now: NOW, trustAnchors: [...chain.anchorsPem] } });
    expect(r.attestation).toMatchObject({ type: 'basic', trusted: true });
  });
  it('Resp-5 F-10: x5c carrying a self-signed root that is not an anchor is refused', async () => {
    const chain = await createAttestationChain({ now: NOW });
    const other = await createAttestationChain({ now: NOW });
    const certificates = [...chain.x5c, chain.root.der];
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c: { certificates, privateKey: chain.leaf.privateKey } });
    await expect(verifyReg(c, { attestation: { now: NOW, trustAnchors: [...other.anchorsPem] } })).rejects.toMatchObject({
      name: 'WebAuthnError',
      code: expect.stringMatching(/^ERR_X509_(UNTRUSTED|SIGNATURE_INVALID)$/),
    });
  });
  it('Resp-5 F: certificates in the wrong order → rejected (the signature is checked with x5c[0])', async () => {
    const chain = await createAttestationChain({ now: NOW });
    const certificates = [chain.x5c[1]!, chain.x5c[0]!];
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c: { certificates, privateKey: chain.leaf.privateKey, alg: -7 } });
    await expectCode(verifyReg(c, { attestation: { now: NOW, trustAnchors: [...chain.anchorsPem] } }), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
  it('Resp-5 F: expired intermediate → ERR_X509_EXPIRED', async () => {
    const root = await generateTestKeyPair('ES256');
    const inter = await generateTestKeyPair('ES256');
    const leaf = await generateTestKeyPair('ES256');
    const valid = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) };
    const rootCert = await issueTestCertificate({ subject: [['CN', 'Root']], publicKey: root.publicKey, signingKey: root.privateKey, ...valid, ca: true, keyUsage: ['keyCertSign'] });
    const interCert = await issueTestCertificate({
      issuer: { certificate: rootCert.certificate, privateKey: root.privateKey },
      subject: [['CN', 'Expired Intermediate']],
      publicKey: inter.publicKey,
      signingKey: root.privateKey,
      notBefore: new Date(NOW.getTime() - 30 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
      ca: true,
      keyUsage: ['keyCertSign'],
    });
    const leafCert = await issueTestCertificate({
      issuer: { certificate: interCert.certificate, privateKey: inter.privateKey },
      subject: [['C', 'US'], ['O', 'Vendor'], ['OU', 'Authenticator Attestation'], ['CN', 'Batch']],
      publicKey: leaf.publicKey,
      signingKey: inter.privateKey,
      ...valid,
    });
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c: { certificates: [leafCert.der, interCert.der], privateKey: leaf.privateKey, alg: -7 } });
    await expectCode(verifyReg(c, { attestation: { now: NOW, trustAnchors: [toPem(rootCert.der)] } }), 'ERR_X509_EXPIRED');
  });
  it('Resp-5 F: signature made with the credential key instead of the attestation key → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { x5c } = await x5cChain();
    const credential = await createTestCredential();
    const c = await makeRegistration({ credential, fmt: 'packed', attestation: 'x5c', x5c, faults: { signWith: credential.privateKey } });
    await expectCode(verifyReg(c, { attestation: { now: NOW } }), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-6 (packed self attestation)', () => {
  it('Resp-6 P-1: valid self attestation is accepted', async () => {
    const c = await makeRegistration({ fmt: 'packed' });
    await expect(verifyReg(c)).resolves.toMatchObject({ attestation: { fmt: 'packed', type: 'self', trusted: false } });
  });
  it('Resp-6 F: bad sig → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const c = await makeRegistration({ fmt: 'packed', faults: { corruptSignature: true } });
    await expectCode(verifyReg(c), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
  it('Resp-6 F: self attestation that also carries x5c → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { x5c } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed' });
    await expectCode(verifyReg(c, { attestation: { now: NOW } }, editAttStmt(c.response, (s) => s.set('x5c', [...x5c.certificates]))), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
  it('Resp-6 F: unknown fmt → ERR_ATTESTATION_FORMAT_UNSUPPORTED', async () => {
    const c = await makeRegistration({ fmt: 'packed', faults: { fmt: 'self' } });
    await expectCode(verifyReg(c), 'ERR_ATTESTATION_FORMAT_UNSUPPORTED');
  });
  it('attestation.requireTrustedAttestation: self attestation → ERR_ATTESTATION_UNTRUSTED', async () => {
    const c = await makeRegistration({ fmt: 'packed' });
    await expectCode(verifyReg(c, { attestation: { requireTrustedAttestation: true } }), 'ERR_ATTESTATION_UNTRUSTED');
  });
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-7 (none)', () => {
  it('Resp-7 P-1: none is accepted', async () => {
    const c = await makeRegistration({ fmt: 'none' });
    await expect(verifyReg(c)).resolves.toMatchObject({ attestation: { fmt: 'none', type: 'none' } });
  });
  it('Resp-7 F: a full packed statement relabelled fmt "none" → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const { x5c } = await x5cChain();
    const c = await makeRegistration({ fmt: 'packed', attestation: 'x5c', x5c, faults: { fmt: 'none' } });
    await expectCode(verifyReg(c), 'ERR_ATTESTATION_STATEMENT_INVALID');
  });
  it('attestation.formats: a format the RP did not allow → ERR_ATTESTATION_FORMAT_NOT_ALLOWED', async () => {
    const c = await makeRegistration({ fmt: 'packed' });
    await expectCode(verifyReg(c, { attestation: { formats: ['none'] } }), 'ERR_ATTESTATION_FORMAT_NOT_ALLOWED');
  });
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-8 (fido-u2f)', () => {
  it('Resp-8 P-1: valid fido-u2f is accepted', async () => {
    const chain = await createAttestationChain({ now: NOW });
    const c = await makeRegistration({ fmt: 'fido-u2f', x5c: { certificates: [chain.leaf.der], privateKey: chain.leaf.privateKey, alg: -7 } });
    const v = await verifyReg(c, { attestation: { now: NOW, trustAnchors: [toPem(chain.intermediate.der)] } });
    expect(v).toMatchObject({ attestation: { fmt: 'fido-u2f', trusted: true }, credential: { aaguid: '00000000-0000-0000-0000-000000000000' } });
  });
  it('Resp-8 F-1 (conformance) vs L3 §8.6: a non-zero AAGUID is accepted by default (L3 has no such rule)', async () => {
    const c = await makeRegistration({ fmt: 'fido-u2f', faults: { aaguid: new Uint8Array(16).fill(0xab) } });
    await expect(verifyReg(c)).resolves.toMatchObject({ attestation: { fmt: 'fido-u2f' } });
  });
  it('Resp-8 F-2: bad sig → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const c = await makeRegistration({ fmt: 'fido-u2f', faults: { corruptSignature: true } });
    await expectCode(verifyReg(c), 'ERR_ATTESTATION_SIGNATURE_INVALID');
  });
  it('§8.6 step 2: x5c with more than one certificate → ERR_ATTESTATION_CERTIFICATE_INVALID', async () => {
    const chain = await createAttestationChain({ now: NOW });
    const c = await makeRegistration({ fmt: 'fido-u2f', x5c: { certificates: chain.x5c, privateKey: chain.leaf.privateKey, alg: -7 } });
    await expectCode(verifyReg(c, { attestation: { now: NOW } }), 'ERR_ATTESTATION_CERTIFICATE_INVALID');
  });
  it('§8.6 step 2: a credential key that is not ES256 (an ES384 key under a fido-u2f statement) → ERR_ATTESTATION_ALG_MISMATCH', async () => {
    const u2f = await makeRegistration({ fmt: 'fido-u2f' });
    const es384 = await makeRegistration({ fmt: 'none', alg: -35 });
    const stmt = decodeAttestationObject(u2f.response).get('attStmt') as Map<unknown, unknown>;
    const r = editAttestationObject(es384.response, (m) => m.set('fmt', 'fido-u2f').set('attStmt', stmt));
    await expectCode(verifyReg(es384, {}, r), 'ERR_ATTESTATION_ALG_MISMATCH');
  });
});

describe('compound (§8.9, not in the 2021 conformance list)', () => {
  it('two packed self statements under fmt "compound" reach the compound verifier and verify', async () => {
    const c = await makeRegistration({ fmt: 'packed' });
    const stmt = decodeAttestationObject(c.response).get('attStmt');
    const entry = new Map<unknown, unknown>([['fmt', 'packed'], ['attStmt', stmt]]);
    const r = editAttestationObject(c.response, (m) => m.set('fmt', 'compound').set('attStmt', [entry, entry]));
    await expect(verifyReg(c, {}, r)).resolves.toMatchObject({ attestation: { fmt: 'compound' } });
  });
});

// ---------------------------------------------------------------------------------------------
// tpm / android-key / android-safetynet: genuine vectors, edited.

function vector(id: string): VectorCase {
  const c = loadWebAuthnVectors().find((v) => v.id === id);
  if (!c) throw new Error(`vector ${id} not found`);
  return c;
}

/** The same response with one clientDataJSON member added: challenge/origin unchanged, clientDataHash different. */
function withOtherClientDataHash(c: VectorCase): unknown {
  const r = cloneJson(c.response);
  const json = JSON.parse(decodeUtf8(decodeBase64url(r.response.clientDataJSON))!) as Record<string, unknown>;
  json['extra'] = 'x';
  r.response.clientDataJSON = encodeBase64url(encodeUtf8(JSON.stringify(json)));
  return r;
}

function editVectorStmt(c: VectorCase, edit: (s: Map<unknown, unknown>) => Map<unknown, unknown>): unknown {
  return editAttStmt(c.response, edit);
}

const swapFirstTwo = (s: Map<unknown, unknown>): Map<unknown, unknown> => {
  const x5c = s.get('x5c') as Uint8Array[];
  return s.set('x5c', [x5c[1], x5c[0], ...x5c.slice(2)]);
};

describe('Server-ServerAuthenticatorAttestationResponse-Resp-9 (tpm)', () => {
  const base = (): VectorCase => vector('swa-tpm-aaguid-ext-match-reg');
  it('Resp-9 P-1: a valid tpm (SHA-256) statement is accepted', async () => {
    await expect(verifyCase(base())).resolves.toMatchObject({ attestation: { fmt: 'tpm', type: 'attca' } });
  });
  it('Resp-9 P-2: a valid tpm statement with SHA-1 (RS1) is accepted', async () => {
    await expect(verifyCase(vector('swa-tpm-rs1-reg'))).resolves.toMatchObject({ attestation: { fmt: 'tpm' } });
  });
  it('Resp-9 F: certificates out of order → rejected', async () => {
    await expect(verifyCase(base(), editVectorStmt(base(), swapFirstTwo))).rejects.toMatchObject({ name: 'WebAuthnError' });
  });
  it('Resp-9 F: certInfo.extraData ≠ hash(attToBeSigned) → ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH', async () => {
    await expectCode(verifyCase(base(), withOtherClientDataHash(base())) as Promise<unknown>, 'ERR_ATTESTATION_TPM_EXTRA_DATA_MISMATCH');
  });
  it('Resp-9 F: certInfo.magic ≠ TPM_GENERATED_VALUE → ERR_ATTESTATION_TPM_MAGIC', async () => {
    const r = editVectorStmt(base(), (s) => {
      const certInfo = (s.get('certInfo') as Uint8Array).slice();
      certInfo[0] ^= 0x01;
      return s.set('certInfo', certInfo);
    });
    await expectCode(verifyCase(base(), r), 'ERR_ATTESTATION_TPM_MAGIC');
  });
  it('Resp-9 F: pubArea.unique ≠ the credential key → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const r = editVectorStmt(base(), (s) => {
      const pubArea = (s.get('pubArea') as Uint8Array).slice();
      pubArea[pubArea.length - 1] ^= 0x01; // last byte of unique
      return s.set('pubArea', pubArea);
    });
    await expectCode(verifyCase(base(), r), 'ERR_ATTESTATION_KEY_MISMATCH');
  });
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-A (android-key)', () => {
  const base = (): VectorCase => vector('swa-android-key-reg');
  it('Resp-A P-1: a valid android-key statement is accepted', async () => {
    await expect(verifyCase(base())).resolves.toMatchObject({ attestation: { fmt: 'android-key', type: 'basic' } });
  });
  it('Resp-A F: attestation challenge in the leaf ≠ clientDataHash → ERR_ATTESTATION_ANDROID_KEY_CHALLENGE_MISMATCH', async () => {
    await expectCode(verifyCase(base(), withOtherClientDataHash(base())) as Promise<unknown>, 'ERR_ATTESTATION_ANDROID_KEY_CHALLENGE_MISMATCH');
  });
  it('Resp-A F: certificates out of order → ERR_ATTESTATION_KEY_MISMATCH (x5c[0] is then the CA)', async () => {
    await expectCode(verifyCase(base(), editVectorStmt(base(), swapFirstTwo)) as Promise<unknown>, 'ERR_ATTESTATION_KEY_MISMATCH');
  });
  it('Resp-A F: leaf key ≠ credential key (a genuine statement moved onto another credential) → ERR_ATTESTATION_KEY_MISMATCH', async () => {
    const stmt = decodeAttestationObject(base().response).get('attStmt');
    const c = await makeRegistration();
    const r = editAttestationObject(c.response, (m) => m.set('fmt', 'android-key').set('attStmt', stmt));
    await expectCode(verifyReg(c, {}, r), 'ERR_ATTESTATION_KEY_MISMATCH');
  });
});

describe('Server-ServerAuthenticatorAttestationResponse-Resp-B (android-safetynet)', () => {
  const base = (): VectorCase => vector('swa-android-safetynet-2019-reg');
  const at = (delta: number): VectorCase => {
    const c = cloneJson(base());
    c.expected.now = new Date(new Date(base().expected.now!).getTime() + delta).toISOString();
    return c;
  };
  it('Resp-B P-1: a valid android-safetynet statement is accepted', async () => {
    await expect(verifyCase(base())).resolves.toMatchObject({ attestation: { fmt: 'android-safetynet' } });
  });
  it('Resp-B F: empty ver → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    await expectCode(verifyCase(base(), editVectorStmt(base(), (s) => s.set('ver', ''))), 'ERR_ATTESTATION_STATEMENT_INVALID');
  });
  it('Resp-B F: empty response → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    await expectCode(verifyCase(base(), editVectorStmt(base(), (s) => s.set('response', new Uint8Array(0)))), 'ERR_ATTESTATION_STATEMENT_INVALID');
  });
  it('Resp-B F: nonce ≠ hash of attToBeSigned → ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH', async () => {
    await expectCode(verifyCase(base(), withOtherClientDataHash(base())) as Promise<unknown>, 'ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH');
  });
  it('Resp-B F: ctsProfileMatch false → ERR_ATTESTATION_SAFETYNET_CTS_PROFILE', async () => {
    await expectCode(verifyCase(vector('swa-android-safetynet-cts-false-reg')), 'ERR_ATTESTATION_SAFETYNET_CTS_PROFILE');
  });
  it('Resp-B F: timestampMs in the future → ERR_ATTESTATION_SAFETYNET_TIMESTAMP_FUTURE', async () => {
    await expectCode(verifyCase(at(-2_000)), 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_FUTURE');
  });
  it('Resp-B F: timestampMs older than 1 minute → ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE', async () => {
    await expectCode(verifyCase(at(61_000)), 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE');
  });
});
