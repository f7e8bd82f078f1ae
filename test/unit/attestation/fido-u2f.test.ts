import { beforeAll, describe, expect, it } from 'vitest';
import { verifyFidoU2F } from '../../../src/attestation/fido-u2f.js';
import type { AttestationPolicy } from '../../../src/attestation/types.js';
import type { CborMap, CborValue } from '../../../src/cbor/decode.js';
import { concat } from '../../../src/encoding/bytes.js';
import { createAttestationChain, generateTestKeyPair, issueTestCertificate, type TestAttestationChain } from '../../../src/testing/certificates.js';
import { parseTrustAnchors } from '../../../src/x509/pem.js';
import { buildAuthData, ecCredential, makeContext, sha256, signEcdsaDer, vectorContext } from '../../helpers/attestation-context.js';
import { loadWebAuthnVectors } from '../../helpers/fixtures.js';

const stmt = (entries: Record<string, CborValue>): CborMap => new Map(Object.entries(entries));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe('fido-u2f (§8.6)', () => {
  let chain: TestAttestationChain;
  let cred: Awaited<ReturnType<typeof ecCredential>>;
  const credentialId = new Uint8Array(64).fill(0xab);

  beforeAll(async () => {
    chain = await createAttestationChain();
    cred = await ecCredential();
  });

  /** Signs verificationData = 00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ 04‖x‖y with the leaf key. */
  async function build(opts: { aaguid?: Uint8Array; anchors?: boolean; policy?: Partial<AttestationPolicy> & { fidoU2FRequireZeroAaguid?: boolean }; signingKey?: CryptoKey } = {}) {
    const authData = buildAuthData({ credentialId, ...(opts.aaguid ? { aaguid: opts.aaguid } : {}) });
    const ctx = makeContext({
      authData,
      credentialKey: cred.coseKey,
      ...(opts.anchors ? { trustAnchors: parseTrustAnchors(chain.anchorsPem) } : {}),
      ...(opts.policy ? { policy: opts.policy } : {}),
    });
    const key = cred.coseKey as { x: Uint8Array; y: Uint8Array };
    const data = concat(new Uint8Array([0]), sha256(new TextEncoder().encode('example.com')), ctx.clientDataHash, credentialId, new Uint8Array([4]), key.x, key.y);
    const sig = await signEcdsaDer(opts.signingKey ?? chain.leaf.privateKey, 'SHA-256', data);
    return { ctx, sig };
  }

  it('verifies: type basic, trustPath = [cert], untrusted without anchors', async () => {
    const { ctx, sig } = await build();
    await expect(verifyFidoU2F(stmt({ sig, x5c: [chain.x5c[0]!] }), ctx)).resolves.toEqual({
      fmt: 'fido-u2f', type: 'basic', trustPath: [chain.x5c[0]], trusted: false,
    });
  });

  it('exactly one certificate: a chain of two → ERR_ATTESTATION_CERTIFICATE_INVALID', async () => {
    const { ctx, sig } = await build();
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [...chain.x5c] }), ctx))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [] }), ctx))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
  });

  it('a self-signed U2F certificate anchored by itself is trusted', async () => {
    const keys = await generateTestKeyPair('ES256');
    const self = await issueTestCertificate({
      subject: [['CN', 'U2F Batch']], publicKey: keys.publicKey, signingKey: keys.privateKey,
      notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000),
    });
    const { ctx, sig } = await build({ signingKey: keys.privateKey });
    const anchored = { ...ctx, trustAnchors: parseTrustAnchors([self.der]) };
    await expect(verifyFidoU2F(stmt({ sig, x5c: [self.der] }), anchored)).resolves.toMatchObject({ trusted: true });
    // An anchor set that does not contain it → untrusted.
    const other = { ...ctx, trustAnchors: parseTrustAnchors(chain.anchorsPem) };
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [self.der] }), other))).toBe('ERR_X509_UNTRUSTED');
  });

  it('certificate key not P-256 → ERR_ATTESTATION_CERTIFICATE_INVALID', async () => {
    for (const leafKeyAlg of ['ES384', 'RS256'] as const) {
      const c = await createAttestationChain({ leafKeyAlg });
      const { ctx } = await build();
      expect(await codeOf(verifyFidoU2F(stmt({ sig: new Uint8Array(72), x5c: [c.x5c[0]!] }), ctx))).toBe(
        'ERR_ATTESTATION_CERTIFICATE_INVALID',
      );
    }
  });

  it('credential key not ES256/P-256 → ERR_ATTESTATION_ALG_MISMATCH', async () => {
    const { ctx, sig } = await build();
    const p384 = await ecCredential('P-384');
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [chain.x5c[0]!] }), { ...ctx, credentialKey: p384.coseKey }))).toBe(
      'ERR_ATTESTATION_ALG_MISMATCH',
    );
    const rsa = { kty: 'RSA', alg: -257, n: new Uint8Array(256).fill(1), e: new Uint8Array([1, 0, 1]) } as const;
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [chain.x5c[0]!] }), { ...ctx, credentialKey: rsa }))).toBe(
      'ERR_ATTESTATION_ALG_MISMATCH',
    );
  });

  it('bad signature / signature by another key / over other data → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { ctx, sig } = await build();
    const flipped = sig.slice();
    flipped[flipped.length - 1] ^= 1;
    expect(await codeOf(verifyFidoU2F(stmt({ sig: flipped, x5c: [chain.x5c[0]!] }), ctx))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
    const byCred = await build({ signingKey: cred.keys.privateKey });
    expect(await codeOf(verifyFidoU2F(stmt({ sig: byCred.sig, x5c: [chain.x5c[0]!] }), byCred.ctx))).toBe(
      'ERR_ATTESTATION_SIGNATURE_INVALID',
    );
    const otherHash = { ...ctx, clientDataHash: new Uint8Array(32) };
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [chain.x5c[0]!] }), otherHash))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
  });

  it('AAGUID: non-zero accepted by default (L3), rejected with fidoU2FRequireZeroAaguid', async () => {
    const aaguid = new Uint8Array(16).fill(5);
    const lax = await build({ aaguid });
    await expect(verifyFidoU2F(stmt({ sig: lax.sig, x5c: [chain.x5c[0]!] }), lax.ctx)).resolves.toMatchObject({ type: 'basic' });
    const strict = await build({ aaguid, policy: { fidoU2FRequireZeroAaguid: true } });
    expect(await codeOf(verifyFidoU2F(stmt({ sig: strict.sig, x5c: [chain.x5c[0]!] }), strict.ctx))).toBe(
      'ERR_ATTESTATION_AAGUID_MISMATCH',
    );
    const zero = await build({ policy: { fidoU2FRequireZeroAaguid: true } });
    await expect(verifyFidoU2F(stmt({ sig: zero.sig, x5c: [chain.x5c[0]!] }), zero.ctx)).resolves.toBeDefined();
  });

  it('statement shape → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const { ctx, sig } = await build();
    const cert = chain.x5c[0]!;
    for (const s of [
      new Map(),
      stmt({ sig }),
      stmt({ x5c: [cert] }),
      stmt({ sig: new Uint8Array(), x5c: [cert] }),
      stmt({ sig, x5c: cert }),
      stmt({ sig, x5c: ['x'] }),
      stmt({ sig, x5c: [cert], alg: -7 }),
    ]) {
      expect(await codeOf(verifyFidoU2F(s, ctx))).toBe('ERR_ATTESTATION_STATEMENT_INVALID');
    }
    expect(await codeOf(verifyFidoU2F(stmt({ sig, x5c: [new Uint8Array([0x30, 0x01, 0x00])] }), ctx))).toBe('ERR_X509_MALFORMED');
  });
});

describe('fido-u2f: shared registration vectors (statement level)', () => {
  for (const c of loadWebAuthnVectors().filter((v) => v.ceremony === 'registration')) {
    if (vectorContext(c).fmt !== 'fido-u2f') continue;
    // The only verified:false fido-u2f case fails at the ceremony level (UV required), not in the statement.
    it(`${c.id} verifies at statement level`, async () => {
      const { attStmt, ctx } = vectorContext(c);
      const r = await verifyFidoU2F(attStmt, ctx);
      expect(r.fmt).toBe('fido-u2f');
      expect(r.trusted).toBe(c.trustAnchors !== undefined);
    });
  }
});
