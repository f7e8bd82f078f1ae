import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPacked } from '../../../src/attestation/packed.js';
import type { CborMap, CborValue } from '../../../src/cbor/decode.js';
import { concat } from '../../../src/encoding/bytes.js';
import { createAttestationChain, type TestAttestationChain } from '../../../src/testing/certificates.js';
import { parseTrustAnchors } from '../../../src/x509/pem.js';
import { buildAuthData, ecCredential, makeContext, signEcdsaDer, vectorContext } from '../../helpers/attestation-context.js';
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

describe('packed self attestation (§8.2, no x5c)', () => {
  it('verifies and reports type self, untrusted', async () => {
    const cred = await ecCredential();
    const authData = buildAuthData();
    const ctx = makeContext({ authData, credentialKey: cred.coseKey });
    const sig = await cred.sign(concat(authData, ctx.clientDataHash));
    await expect(verifyPacked(stmt({ alg: -7, sig }), ctx)).resolves.toEqual({
      fmt: 'packed', type: 'self', trustPath: [], trusted: false,
    });
  });

  it('alg differing from the credential key alg → ERR_ATTESTATION_ALG_MISMATCH', async () => {
    const cred = await ecCredential();
    const authData = buildAuthData();
    const ctx = makeContext({ authData, credentialKey: cred.coseKey });
    const sig = await cred.sign(concat(authData, ctx.clientDataHash));
    expect(await codeOf(verifyPacked(stmt({ alg: -257, sig }), ctx))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
    expect(await codeOf(verifyPacked(stmt({ alg: -35, sig }), ctx))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
  });

  it('bad signature, signature over other data, garbage signature → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const cred = await ecCredential();
    const authData = buildAuthData();
    const ctx = makeContext({ authData, credentialKey: cred.coseKey });
    const other = await cred.sign(concat(authData, new Uint8Array(32)));
    expect(await codeOf(verifyPacked(stmt({ alg: -7, sig: other }), ctx))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
    expect(await codeOf(verifyPacked(stmt({ alg: -7, sig: new Uint8Array([1, 2, 3]) }), ctx))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
    const otherKey = await ecCredential();
    const byOther = await otherKey.sign(concat(authData, ctx.clientDataHash));
    expect(await codeOf(verifyPacked(stmt({ alg: -7, sig: byOther }), ctx))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
  });

  it('statement shape errors → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const cred = await ecCredential();
    const ctx = makeContext({ authData: buildAuthData(), credentialKey: cred.coseKey });
    const sig = new Uint8Array(70);
    const bad: CborMap[] = [
      new Map(),
      stmt({ sig }),
      stmt({ alg: -7 }),
      stmt({ alg: '-7', sig }),
      stmt({ alg: 1.5, sig }),
      stmt({ alg: -7, sig: new Uint8Array() }),
      stmt({ alg: -7, sig: 'abc' }),
      stmt({ alg: -7, sig, ecdaaKeyId: new Uint8Array(4) }),
      new Map<string | number, CborValue>([['alg', -7], ['sig', sig], [1, 1]]),
      stmt({ alg: -7, sig, x5c: [] }),
      stmt({ alg: -7, sig, x5c: 'cert' }),
      stmt({ alg: -7, sig, x5c: ['cert'] }),
    ];
    for (const s of bad) {
      expect({ s: [...s.keys()], code: await codeOf(verifyPacked(s, ctx)) }).toEqual({
        s: [...s.keys()],
        code: 'ERR_ATTESTATION_STATEMENT_INVALID',
      });
    }
  });
});

describe('packed with x5c (§8.2, §8.2.1)', () => {
  const aaguid = new Uint8Array(16).map((_, i) => i + 1);
  let chain: TestAttestationChain;
  let credKey: Awaited<ReturnType<typeof ecCredential>>;

  beforeAll(async () => {
    chain = await createAttestationChain({ aaguid });
    credKey = await ecCredential();
  });

  async function run(c: TestAttestationChain, opts: { anchors?: boolean; aaguid?: Uint8Array; alg?: number; x5c?: Uint8Array[] } = {}) {
    const authData = buildAuthData({ aaguid: opts.aaguid ?? aaguid });
    const ctx = makeContext({
      authData,
      credentialKey: credKey.coseKey,
      ...(opts.anchors === false ? {} : { trustAnchors: parseTrustAnchors(c.anchorsPem) }),
    });
    const sig = await signEcdsaDer(c.leaf.privateKey, 'SHA-256', concat(authData, ctx.clientDataHash));
    return verifyPacked(stmt({ alg: opts.alg ?? -7, sig, x5c: opts.x5c ?? [...c.x5c] }), ctx);
  }

  it('verifies a chain to the anchor: type basic, trusted, trustPath = x5c', async () => {
    const result = await run(chain);
    expect(result).toEqual({ fmt: 'packed', type: 'basic', trustPath: [...chain.x5c], trusted: true });
  });

  it('without anchors: verified but trusted false', async () => {
    const result = await run(chain, { anchors: false });
    expect(result.trusted).toBe(false);
    expect(result.type).toBe('basic');
  });

  it('without anchors a broken chain still fails (tampered leaf signature)', async () => {
    const bad = await createAttestationChain({ aaguid, faults: { tamperLeafSignature: true } });
    expect(await codeOf(run(bad, { anchors: false }))).toBe('ERR_X509_SIGNATURE_INVALID');
    expect(await codeOf(run(bad))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('signature by the credential key instead of the attestation key → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const authData = buildAuthData({ aaguid });
    const ctx = makeContext({ authData, credentialKey: credKey.coseKey, trustAnchors: parseTrustAnchors(chain.anchorsPem) });
    const sig = await credKey.sign(concat(authData, ctx.clientDataHash));
    expect(await codeOf(verifyPacked(stmt({ alg: -7, sig, x5c: [...chain.x5c] }), ctx))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
  });

  it('alg not suiting the leaf key → ERR_ATTESTATION_ALG_MISMATCH; RS1 refused when the policy says so', async () => {
    expect(await codeOf(run(chain, { alg: -257 }))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
    expect(await codeOf(run(chain, { alg: -35 }))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
    expect(await codeOf(run(chain, { alg: 12345 }))).toBe('ERR_ATTESTATION_ALG_MISMATCH');
    const rsa = await createAttestationChain({ leafKeyAlg: 'RS256' });
    const authData = buildAuthData();
    const ctx = makeContext({ authData, credentialKey: credKey.coseKey, policy: { allowRS1InStatement: false } });
    expect(await codeOf(verifyPacked(stmt({ alg: -65535, sig: new Uint8Array(256), x5c: [...rsa.x5c] }), ctx))).toBe(
      'ERR_ATTESTATION_ALG_MISMATCH',
    );
  });

  it('AAGUID extension: mismatch or critical → ERR_ATTESTATION_AAGUID_MISMATCH; not a 16-byte OCTET STRING → ERR_ATTESTATION_CERTIFICATE_INVALID', async () => {
    expect(await codeOf(run(chain, { aaguid: new Uint8Array(16).fill(9) }))).toBe('ERR_ATTESTATION_AAGUID_MISMATCH');
    const critical = await createAttestationChain({ aaguid, faults: { aaguidCritical: true } });
    expect(await codeOf(run(critical))).toBe('ERR_ATTESTATION_AAGUID_MISMATCH');
    const short = await createAttestationChain({ aaguid: new Uint8Array(15) });
    expect(await codeOf(run(short))).toBe('ERR_ATTESTATION_CERTIFICATE_INVALID');
    const none = await createAttestationChain();
    await expect(run(none)).resolves.toMatchObject({ trusted: true });
  });

  it('leaf requirements §8.2.1 → ERR_ATTESTATION_CERTIFICATE_INVALID', async () => {
    const base: Array<[string, string]> = [['C', 'US'], ['O', 'Vendor'], ['OU', 'Authenticator Attestation'], ['CN', 'Batch']];
    const variants: Array<{ name: string; opts: Parameters<typeof createAttestationChain>[0] }> = [
      { name: 'CA leaf', opts: { faults: { leafIsCa: true } } },
      { name: 'no basicConstraints', opts: { faults: { leafWithoutBasicConstraints: true } } },
      { name: 'wrong OU', opts: { leafSubject: base.map(([k, v]) => [k, k === 'OU' ? 'Authenticator' : v] as [string, string]) } },
      { name: 'no OU', opts: { leafSubject: base.filter(([k]) => k !== 'OU') } },
      { name: 'no C', opts: { leafSubject: base.filter(([k]) => k !== 'C') } },
      { name: 'bad C', opts: { leafSubject: base.map(([k, v]) => [k, k === 'C' ? 'USA' : v] as [string, string]) } },
      { name: 'no O', opts: { leafSubject: base.filter(([k]) => k !== 'O') } },
      { name: 'no CN', opts: { leafSubject: base.filter(([k]) => k !== 'CN') } },
    ];
    for (const v of variants) {
      const c = await createAttestationChain(v.opts);
      expect({ name: v.name, code: await codeOf(run(c, { anchors: false })) }).toEqual({
        name: v.name,
        code: 'ERR_ATTESTATION_CERTIFICATE_INVALID',
      });
    }
  });

  it('chain faults surface with their X.509 codes', async () => {
    const notCa = await createAttestationChain({ faults: { intermediateNotCa: true } });
    expect(await codeOf(run(notCa))).toBe('ERR_X509_NOT_CA');
    const other = await createAttestationChain();
    expect(
      await codeOf(
        (async () => {
          const authData = buildAuthData({ aaguid });
          const ctx = makeContext({ authData, credentialKey: credKey.coseKey, trustAnchors: parseTrustAnchors(other.anchorsPem) });
          const sig = await signEcdsaDer(chain.leaf.privateKey, 'SHA-256', concat(authData, ctx.clientDataHash));
          return verifyPacked(stmt({ alg: -7, sig, x5c: [...chain.x5c] }), ctx);
        })(),
      ),
    ).toBe('ERR_X509_SIGNATURE_INVALID'); // same root name, other key
    expect(await codeOf(run(chain, { x5c: [chain.x5c[1]!, chain.x5c[0]!] }))).toBe('ERR_ATTESTATION_SIGNATURE_INVALID');
    expect(await codeOf(run(chain, { x5c: [chain.x5c[0]!, new Uint8Array([0x30, 0x00])] }))).toBe('ERR_X509_MALFORMED');
  });
});

describe('packed: shared registration vectors (statement level)', () => {
  // The only verified:false packed case is a statement-level failure; its expected code:
  const REJECTED: Record<string, string> = { 'swa-packed-aaguid-ext-mismatch-reg': 'ERR_ATTESTATION_AAGUID_MISMATCH' };
  for (const c of loadWebAuthnVectors().filter((v) => v.ceremony === 'registration')) {
    if (vectorContext(c).fmt !== 'packed') continue;
    it(`${c.id} → ${c.result.verified ? 'verified' : REJECTED[c.id]}`, async () => {
      const { attStmt, ctx } = vectorContext(c);
      if (c.result.verified) {
        const r = await verifyPacked(attStmt, ctx);
        expect(r.trusted).toBe(c.trustAnchors !== undefined);
        expect(r.type).toBe(attStmt.has('x5c') ? 'basic' : 'self');
        if (c.result.attestationType === 'self') expect(r.type).toBe('self');
      } else {
        expect(REJECTED[c.id]).toBeDefined();
        await expect(verifyPacked(attStmt, ctx)).rejects.toMatchObject({ code: REJECTED[c.id] });
      }
    });
  }

  it('Chromium leaf with an explicitly encoded cA FALSE is accepted, also anchored by itself', async () => {
    const c = loadWebAuthnVectors().find((v) => v.id === 'swa-packed-chrome-virtual-bad-basicconstraints-reg')!;
    const { attStmt, ctx } = vectorContext(c);
    const leafDer = (attStmt.get('x5c') as Uint8Array[])[0]!;
    const anchored = { ...ctx, trustAnchors: parseTrustAnchors([leafDer]) };
    await expect(verifyPacked(attStmt, anchored)).resolves.toMatchObject({ type: 'basic', trusted: true });
  });
});
