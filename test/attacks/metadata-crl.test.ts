/**
 * Revocation of the metadata BLOB's signing chain (RFC 5280 §6.3.3 with caller-supplied direct CRLs):
 * a listed certificate must be refused, and a CRL must never be believed unless its issuer signed it,
 * it is current, and we understand every critical extension in it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyMetadataBLOB } from '../../src/metadata/index.js';
import { createAttestationChain, createMetadataBLOB, issueTestCRL, type TestAttestationChain } from '../../src/testing/index.js';
import { createMetadataSigningChain } from '../../src/testing/metadata.js';
import { codeOf } from '../helpers/codes.js';

const NOW = new Date();
const DAY = 86_400_000;
const payload = { legalHeader: 'test', no: 3, nextUpdate: '2099-01-01', entries: [] };
let chain: TestAttestationChain;
let blob: string;

const issuer = (which: 'root' | 'intermediate', c = chain) => ({ certificate: c[which].certificate, privateKey: c[which].privateKey });
const current = { thisUpdate: new Date(NOW.getTime() - DAY), nextUpdate: new Date(NOW.getTime() + 7 * DAY) };
const verify = (crls: (string | Uint8Array)[]) => verifyMetadataBLOB(blob, { now: NOW, rootCertificate: chain.anchorsPem[0]!, crls });
const toPem = (der: Uint8Array) => `-----BEGIN X509 CRL-----\n${btoa(String.fromCharCode(...der))}\n-----END X509 CRL-----\n`;

beforeAll(async () => {
  chain = await createMetadataSigningChain(NOW);
  ({ blob } = await createMetadataBLOB({ payload, chain }));
});

describe('CRLs for the metadata signing chain', () => {
  it('control: current CRLs that list neither certificate, as DER and as PEM', async () => {
    const leafCrl = await issueTestCRL({ issuer: issuer('intermediate'), ...current });
    const rootCrl = await issueTestCRL({ issuer: issuer('root'), ...current, revokedSerials: ['0badc0de'] });
    expect((await verify([leafCrl, toPem(rootCrl)])).no).toBe(3);
  });

  it('a revoked signer (RFC 5280 §6.3.3 i) → ERR_X509_REVOKED', async () => {
    const crl = await issueTestCRL({ issuer: issuer('intermediate'), ...current, revokedSerials: [chain.leaf.certificate.serialNumberHex] });
    expect(await codeOf(verify([crl]))).toBe('ERR_X509_REVOKED');
  });

  it('a revoked intermediate, on the root\'s CRL → ERR_X509_REVOKED', async () => {
    const crl = await issueTestCRL({ issuer: issuer('root'), ...current, revokedSerials: [chain.intermediate.certificate.serialNumberHex] });
    expect(await codeOf(verify([crl]))).toBe('ERR_X509_REVOKED');
  });

  it('a CRL with the issuer\'s name but another key\'s signature → ERR_X509_CRL_INVALID', async () => {
    const lookalike = await createAttestationChain({ now: NOW }); // same subject names, other keys
    const crl = await issueTestCRL({ issuer: issuer('intermediate', lookalike), ...current });
    expect(await codeOf(verify([crl]))).toBe('ERR_X509_CRL_INVALID');
  });

  it('stale, future or open-ended CRLs cannot say "not revoked" (§5.1.2.4–5, §6.3.3 a)', async () => {
    const stale = await issueTestCRL({ issuer: issuer('intermediate'), thisUpdate: new Date(NOW.getTime() - 9 * DAY), nextUpdate: new Date(NOW.getTime() - DAY) });
    const future = await issueTestCRL({ issuer: issuer('intermediate'), thisUpdate: new Date(NOW.getTime() + DAY), nextUpdate: new Date(NOW.getTime() + 9 * DAY) });
    const open = await issueTestCRL({ issuer: issuer('intermediate'), thisUpdate: current.thisUpdate });
    for (const crl of [stale, future, open]) expect(await codeOf(verify([crl]))).toBe('ERR_X509_CRL_INVALID');
  });

  it('unknown critical extensions, delta CRLs and partitioned CRLs are refused, not half-read (§5.2, §5.3)', async () => {
    const unknown = { oid: '1.3.6.1.4.1.99999.1', critical: true, valueDer: new Uint8Array([0x05, 0x00]) };
    const delta = { oid: '2.5.29.27', critical: true, valueDer: new Uint8Array([0x02, 0x01, 0x01]) };
    const idp = { oid: '2.5.29.28', critical: true, valueDer: new Uint8Array([0x30, 0x00]) };
    const serial = [chain.leaf.certificate.serialNumberHex.replace(/^../, 'ff')];
    for (const crl of [
      await issueTestCRL({ issuer: issuer('intermediate'), ...current, extensions: [unknown] }),
      await issueTestCRL({ issuer: issuer('intermediate'), ...current, extensions: [delta] }),
      await issueTestCRL({ issuer: issuer('intermediate'), ...current, extensions: [idp] }),
      await issueTestCRL({ issuer: issuer('intermediate'), ...current, revokedSerials: serial, entryExtensions: [unknown] }),
    ]) {
      expect(await codeOf(verify([crl]))).toBe('ERR_X509_CRL_INVALID');
    }
  });

  it('malformed CRLs and wrong PEM labels get codes', async () => {
    expect(await codeOf(verify([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])]))).toBe('ERR_X509_CRL_INVALID');
    const good = await issueTestCRL({ issuer: issuer('intermediate'), ...current });
    const trailing = new Uint8Array([...good, 0]);
    expect(await codeOf(verify([trailing]))).toBe('ERR_X509_CRL_INVALID');
    expect(await codeOf(verify([chain.anchorsPem[0]!]))).toBe('ERR_OPTIONS_INVALID');
  });

  it('a CRL of a CA outside the chain is ignored', async () => {
    const other = await createAttestationChain({ now: NOW, leafSubject: [['CN', 'unrelated']] });
    const crl = await issueTestCRL({ issuer: { certificate: other.leaf.certificate, privateKey: other.leaf.privateKey }, ...current, revokedSerials: [chain.leaf.certificate.serialNumberHex] });
    expect((await verify([crl])).no).toBe(3);
  });

  describe('the issuer\'s CRL under another encoding of its name (RFC 5280 §7.1 compares normalised names)', () => {
    /** The intermediate as a CRL issuer whose Name is written in upper case: same key, other bytes. */
    const shouting = (c = chain) => {
      const subjectDer = c.intermediate.certificate.subjectDer.slice();
      const text = new TextDecoder().decode(subjectDer);
      const at = text.indexOf('Test Attestation Intermediate');
      expect(at).toBeGreaterThan(0);
      subjectDer.set(new TextEncoder().encode('TEST ATTESTATION INTERMEDIATE'), at);
      return { certificate: { ...c.intermediate.certificate, subjectDer }, privateKey: c.intermediate.privateKey };
    };

    it('a revoked signer on it → ERR_X509_REVOKED (it was silently ignored when names were compared byte for byte)', async () => {
      const crl = await issueTestCRL({ issuer: shouting(), ...current, revokedSerials: [chain.leaf.certificate.serialNumberHex] });
      expect(await codeOf(verify([crl]))).toBe('ERR_X509_REVOKED');
    });

    it('stale, it cannot say "not revoked" either → ERR_X509_CRL_INVALID', async () => {
      const crl = await issueTestCRL({ issuer: shouting(), thisUpdate: new Date(NOW.getTime() - 9 * DAY), nextUpdate: new Date(NOW.getTime() - DAY) });
      expect(await codeOf(verify([crl]))).toBe('ERR_X509_CRL_INVALID');
    });

    it('control: the same spelling signed by another key is another CA\'s CRL, ignored; a current one listing others is accepted', async () => {
      const lookalike = await createAttestationChain({ now: NOW });
      const foreign = await issueTestCRL({ issuer: shouting(lookalike), ...current, revokedSerials: [chain.leaf.certificate.serialNumberHex] });
      const own = await issueTestCRL({ issuer: shouting(), ...current, revokedSerials: ['0badc0de'] });
      expect((await verify([foreign, own])).no).toBe(3);
    });
  });
});
