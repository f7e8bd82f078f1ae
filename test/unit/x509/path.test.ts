import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { p1363ToDer } from '../../../src/signature/der.js';
import {
  flipLastByte,
  generateTestKeyPair,
  issueTestCertificate,
  type IssueTestCertificateOptions,
  type TestCertificate,
} from '../../../src/testing/certificates.js';
import { parseCertificate, type ParsedCertificate } from '../../../src/x509/certificate.js';
import { validateCertificatePath } from '../../../src/x509/path.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const FROM = new Date('2030-01-01T00:00:00Z');
const TO = new Date('2031-01-01T00:00:00Z');
const PAST = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };
const FUTURE = { notBefore: new Date('2040-01-01T00:00:00Z'), notAfter: new Date('2041-01-01T00:00:00Z') };

type Keys = CryptoKeyPair;
let rootKeys: Keys, interKeys: Keys, leafKeys: Keys;
let root: TestCertificate, inter: TestCertificate, leaf: TestCertificate;

const p = (c: TestCertificate | Uint8Array): ParsedCertificate => parseCertificate(c instanceof Uint8Array ? c : c.der);

async function makeRoot(extra: Partial<IssueTestCertificateOptions> = {}, keys = rootKeys) {
  return issueTestCertificate({
    subject: [['C', 'US'], ['O', 'Test'], ['CN', 'Root']],
    publicKey: keys.publicKey, signingKey: keys.privateKey, notBefore: FROM, notAfter: TO,
    ca: true, keyUsage: ['keyCertSign', 'cRLSign'], ...extra,
  });
}
async function makeInter(extra: Partial<IssueTestCertificateOptions> = {}, issuer = root) {
  return issueTestCertificate({
    issuer: { certificate: issuer.certificate, privateKey: rootKeys.privateKey },
    subject: [['C', 'US'], ['O', 'Test'], ['CN', 'Intermediate']],
    publicKey: interKeys.publicKey, signingKey: rootKeys.privateKey, notBefore: FROM, notAfter: TO,
    ca: true, keyUsage: ['keyCertSign'], ...extra,
  });
}
async function makeLeaf(extra: Partial<IssueTestCertificateOptions> = {}, issuer = inter) {
  return issueTestCertificate({
    issuer: { certificate: issuer.certificate, privateKey: interKeys.privateKey },
    subject: [['C', 'US'], ['O', 'Test'], ['OU', 'Authenticator Attestation'], ['CN', 'Leaf']],
    publicKey: leafKeys.publicKey, signingKey: interKeys.privateKey, notBefore: FROM, notAfter: TO, ...extra,
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

beforeAll(async () => {
  [rootKeys, interKeys, leafKeys] = await Promise.all([generateTestKeyPair(), generateTestKeyPair(), generateTestKeyPair()]);
  root = await makeRoot();
  inter = await makeInter();
  leaf = await makeLeaf();
});

describe('validateCertificatePath: accepted paths', () => {
  it('leaf → intermediate → anchor', async () => {
    const { anchor } = await validateCertificatePath([p(leaf), p(inter)], [p(root)], NOW);
    expect(anchor.der).toEqual(root.der);
  });
  it('x5c that includes the root byte-identical to an anchor', async () => {
    const { anchor } = await validateCertificatePath([p(leaf), p(inter), p(root)], [p(root)], NOW);
    expect(anchor.der).toEqual(root.der);
  });
  it('intermediate configured as the anchor', async () => {
    const { anchor } = await validateCertificatePath([p(leaf), p(inter)], [p(inter)], NOW);
    expect(anchor.der).toEqual(inter.der);
  });
  it('self-signed leaf anchored by itself (Chromium virtual authenticator)', async () => {
    const self = await issueTestCertificate({
      subject: [['C', 'US'], ['O', 'Chromium'], ['OU', 'Authenticator Attestation'], ['CN', 'Batch Certificate']],
      publicKey: leafKeys.publicKey, signingKey: leafKeys.privateKey, notBefore: FROM, notAfter: TO,
    });
    const { anchor } = await validateCertificatePath([p(self)], [p(root), p(self)], NOW);
    expect(anchor.der).toEqual(self.der);
  });
  it('x5c ending in an expired root that an anchor re-issues (same subject and key): the configured anchor is used', async () => {
    // The original root (expired at NOW) is what old devices carry in x5c; the anchor is its
    // re-issue: same subject, same key, new validity. RFC 5280 §6.1.1 d: an anchor is name + key.
    const original = await makeRoot(PAST);
    const reissued = await makeRoot();
    expect(reissued.der).not.toEqual(original.der);
    const { anchor } = await validateCertificatePath([p(leaf), p(inter), p(original)], [p(reissued)], NOW);
    expect(anchor.der).toEqual(reissued.der);
    // With several matching anchors one valid at `now` is chosen (byte-identical first among those).
    expect((await validateCertificatePath([p(leaf), p(inter), p(original)], [p(original), p(reissued)], NOW)).anchor.der).toEqual(reissued.der);
    expect((await validateCertificatePath([p(leaf), p(inter), p(reissued)], [p(original), p(reissued)], NOW)).anchor.der).toEqual(reissued.der);
    const twin = await makeRoot({ serial: new Uint8Array([0x42]) });
    expect((await validateCertificatePath([p(leaf), p(inter), p(twin)], [p(reissued), p(twin)], NOW)).anchor.der).toEqual(twin.der);
    // Only the expired one configured: still refused.
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter), p(original)], [p(original)], NOW))).toBe('ERR_X509_EXPIRED');
  });
  it('same subject but another key, or same key but another subject, is not the anchor', async () => {
    const otherKeys = await generateTestKeyPair();
    const sameNameOtherKey = await makeRoot({}, otherKeys);
    // The chain's root is not an anchor, so it must be issued by one: the anchor's key did not sign it.
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter), p(root)], [p(sameNameOtherKey)], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
    const sameKeyOtherName = await makeRoot({ subject: [['C', 'US'], ['O', 'Test'], ['CN', 'Another Root']] });
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter), p(root)], [p(sameKeyOtherName)], NOW))).toBe('ERR_X509_UNTRUSTED');
  });
  it('a CA leaf is not a path error (format verifiers reject it, see attestation-packed tests)', async () => {
    const caLeaf = await makeLeaf({ ca: true });
    await expect(validateCertificatePath([p(caLeaf), p(inter)], [p(root)], NOW)).resolves.toBeDefined();
  });
});

describe('validateCertificatePath: faults', () => {
  it('non-CA intermediate → ERR_X509_NOT_CA', async () => {
    const bad = await makeInter({ ca: false });
    const l = await makeLeaf({}, bad);
    expect(await codeOf(validateCertificatePath([p(l), p(bad)], [p(root)], NOW))).toBe('ERR_X509_NOT_CA');
    const noBc = await makeInter({ omitBasicConstraints: true });
    const l2 = await makeLeaf({}, noBc);
    expect(await codeOf(validateCertificatePath([p(l2), p(noBc)], [p(root)], NOW))).toBe('ERR_X509_NOT_CA');
  });

  it('anchor that is not a CA → ERR_X509_NOT_CA', async () => {
    const notCaRoot = await makeRoot({ ca: false, keyUsage: undefined });
    const i = await makeInter({}, notCaRoot);
    const l = await makeLeaf({}, i);
    expect(await codeOf(validateCertificatePath([p(l), p(i)], [p(notCaRoot)], NOW))).toBe('ERR_X509_NOT_CA');
  });

  it('pathLenConstraint exceeded → ERR_X509_PATH_LENGTH_EXCEEDED', async () => {
    const strictRoot = await makeRoot({ pathLen: 0 });
    const i = await makeInter({}, strictRoot);
    const l = await makeLeaf({}, i);
    expect(await codeOf(validateCertificatePath([p(l), p(i)], [p(strictRoot)], NOW))).toBe('ERR_X509_PATH_LENGTH_EXCEEDED');
    // pathLen 0 on the root with the leaf directly below is fine.
    const direct = await makeLeaf({ signingKey: rootKeys.privateKey }, strictRoot);
    await expect(validateCertificatePath([p(direct)], [p(strictRoot)], NOW)).resolves.toBeDefined();
  });

  it('keyUsage without keyCertSign → ERR_X509_KEY_USAGE', async () => {
    const i = await makeInter({ keyUsage: ['digitalSignature'] });
    const l = await makeLeaf({}, i);
    expect(await codeOf(validateCertificatePath([p(l), p(i)], [p(root)], NOW))).toBe('ERR_X509_KEY_USAGE');
  });

  it('expired / not-yet-valid leaf, intermediate and root', async () => {
    const cases: Array<[string, () => Promise<ParsedCertificate[][]>, string]> = [
      ['leaf expired', async () => [[p(await makeLeaf(PAST)), p(inter)], [p(root)]], 'ERR_X509_EXPIRED'],
      ['leaf not yet valid', async () => [[p(await makeLeaf(FUTURE)), p(inter)], [p(root)]], 'ERR_X509_NOT_YET_VALID'],
      ['intermediate expired', async () => {
        const i = await makeInter(PAST);
        return [[p(await makeLeaf({}, i)), p(i)], [p(root)]];
      }, 'ERR_X509_EXPIRED'],
      ['intermediate not yet valid', async () => {
        const i = await makeInter(FUTURE);
        return [[p(await makeLeaf({}, i)), p(i)], [p(root)]];
      }, 'ERR_X509_NOT_YET_VALID'],
      ['root expired', async () => {
        const r = await makeRoot(PAST);
        const i = await makeInter({}, r);
        return [[p(await makeLeaf({}, i)), p(i)], [p(r)]];
      }, 'ERR_X509_EXPIRED'],
      ['root not yet valid', async () => {
        const r = await makeRoot(FUTURE);
        const i = await makeInter({}, r);
        return [[p(await makeLeaf({}, i)), p(i)], [p(r)]];
      }, 'ERR_X509_NOT_YET_VALID'],
    ];
    for (const [name, build, expected] of cases) {
      const [chain, anchors] = await build();
      expect({ name, code: await codeOf(validateCertificatePath(chain!, anchors!, NOW)) }).toEqual({ name, code: expected });
    }
  });

  it('wrong root → ERR_X509_UNTRUSTED; same name, other key → ERR_X509_SIGNATURE_INVALID', async () => {
    const otherKeys = await generateTestKeyPair();
    const otherRoot = await issueTestCertificate({
      subject: [['C', 'US'], ['O', 'Other'], ['CN', 'Other Root']],
      publicKey: otherKeys.publicKey, signingKey: otherKeys.privateKey, notBefore: FROM, notAfter: TO, ca: true,
    });
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter)], [p(otherRoot)], NOW))).toBe('ERR_X509_UNTRUSTED');
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter)], [], NOW))).toBe('ERR_X509_UNTRUSTED');
    const impostor = await makeRoot({}, otherKeys);
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter)], [p(impostor)], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('x5c carrying a root that is not an anchor → ERR_X509_UNTRUSTED', async () => {
    const otherKeys = await generateTestKeyPair();
    const otherRoot = await makeRoot({ subject: [['CN', 'Unrelated']] }, otherKeys);
    expect(await codeOf(validateCertificatePath([p(leaf), p(inter), p(root)], [p(otherRoot)], NOW))).toBe('ERR_X509_UNTRUSTED');
  });

  it('reordered chain → ERR_X509_CHAIN_BROKEN', async () => {
    expect(await codeOf(validateCertificatePath([p(inter), p(leaf)], [p(root)], NOW))).toBe('ERR_X509_CHAIN_BROKEN');
    expect(await codeOf(validateCertificatePath([p(leaf), p(root), p(inter)], [p(root)], NOW))).toBe('ERR_X509_CHAIN_BROKEN');
    expect(await codeOf(validateCertificatePath([], [p(root)], NOW))).toBe('ERR_X509_CHAIN_BROKEN');
  });

  it('unknown critical extension → ERR_X509_UNKNOWN_CRITICAL_EXTENSION (non-critical is fine; opt-in list works)', async () => {
    const ext = { oid: '1.2.3.4.5', critical: true, valueDer: new Uint8Array([0x05, 0x00]) };
    const l = await makeLeaf({ extensions: [ext] });
    expect(await codeOf(validateCertificatePath([p(l), p(inter)], [p(root)], NOW))).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
    await expect(
      validateCertificatePath([p(l), p(inter)], [p(root)], NOW, { extraCriticalExtensions: ['1.2.3.4.5'] }),
    ).resolves.toBeDefined();
    const l2 = await makeLeaf({ extensions: [{ ...ext, critical: false }] });
    await expect(validateCertificatePath([p(l2), p(inter)], [p(root)], NOW)).resolves.toBeDefined();
    // nameConstraints is not processed, so a critical one is refused.
    const nc = await makeInter({ extensions: [{ oid: '2.5.29.30', critical: true, valueDer: new Uint8Array([0x30, 0x00]) }] });
    const l3 = await makeLeaf({}, nc);
    expect(await codeOf(validateCertificatePath([p(l3), p(nc)], [p(root)], NOW))).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
    // Critical certificatePolicies (Windows TPM AIK leaves) is accepted; critical policyConstraints is not.
    const anyPolicy = new Uint8Array([0x30, 0x08, 0x30, 0x06, 0x06, 0x04, 0x55, 0x1d, 0x20, 0x00]); // { anyPolicy }
    const pol = await makeLeaf({ extensions: [{ oid: '2.5.29.32', critical: true, valueDer: anyPolicy }] });
    await expect(validateCertificatePath([p(pol), p(inter)], [p(root)], NOW)).resolves.toBeDefined();
    const pc = await makeLeaf({ extensions: [{ oid: '2.5.29.36', critical: true, valueDer: new Uint8Array([0x30, 0x03, 0x80, 0x01, 0x00]) }] });
    expect(await codeOf(validateCertificatePath([p(pc), p(inter)], [p(root)], NOW))).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
  });

  it('tampered signature → ERR_X509_SIGNATURE_INVALID (leaf and intermediate)', async () => {
    expect(await codeOf(validateCertificatePath([p(flipLastByte(leaf.der)), p(inter)], [p(root)], NOW))).toBe(
      'ERR_X509_SIGNATURE_INVALID',
    );
    expect(await codeOf(validateCertificatePath([p(leaf), p(flipLastByte(inter.der))], [p(root)], NOW))).toBe(
      'ERR_X509_SIGNATURE_INVALID',
    );
    // Leaf signed by a key other than the intermediate's, under the right issuer name.
    const forged = await makeLeaf({ signingKey: leafKeys.privateKey });
    expect(await codeOf(validateCertificatePath([p(forged), p(inter)], [p(root)], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('ECDSA signature labelled sha256WithRSAEncryption → ERR_X509_SIGNATURE_INVALID (pkijs alone accepts it)', async () => {
    const c = pkijs.Certificate.fromBER(new Uint8Array(leaf.der));
    const rsaSha256 = () => new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() });
    c.signature = rsaSha256();
    c.signatureAlgorithm = rsaSha256();
    c.tbsView = new Uint8Array(c.encodeTBS().toBER());
    const p1363 = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, interKeys.privateKey, new Uint8Array(c.tbsView)));
    c.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(p1363ToDer(p1363)).buffer });
    const mislabelled = new Uint8Array(c.toSchema(true).toBER());
    expect(await pkijs.Certificate.fromBER(mislabelled).verify(pkijs.Certificate.fromBER(new Uint8Array(inter.der)))).toBe(true);
    expect(await codeOf(validateCertificatePath([p(mislabelled), p(inter)], [p(root)], NOW))).toBe('ERR_X509_SIGNATURE_INVALID');
  });

  it('too many certificates → ERR_X509_TOO_MANY_CERTIFICATES', async () => {
    const chain = Array.from({ length: 9 }, () => p(inter));
    expect(await codeOf(validateCertificatePath(chain, [p(root)], NOW))).toBe('ERR_X509_TOO_MANY_CERTIFICATES');
  });
});

describe('validateCertificatePath: RFC 5280 §6.1 details (issue 11)', () => {
  it('pathLenConstraint counts only non-self-issued intermediates (§4.2.1.9, §6.1.4 l)', async () => {
    const strictRoot = await makeRoot({ pathLen: 0 });
    // A self-issued intermediate (key rollover: subject = issuer = Root) between the root and the leaf.
    const rollover = await makeInter({ subject: [['C', 'US'], ['O', 'Test'], ['CN', 'Root']] }, strictRoot);
    const l = await makeLeaf({}, rollover);
    await expect(validateCertificatePath([p(l), p(rollover)], [p(strictRoot)], NOW)).resolves.toBeDefined();
    const i = await makeInter({}, strictRoot);
    expect(await codeOf(validateCertificatePath([p(await makeLeaf({}, i)), p(i)], [p(strictRoot)], NOW))).toBe('ERR_X509_PATH_LENGTH_EXCEEDED');
  });

  it('a leaf configured as its own anchor still has its critical extensions checked', async () => {
    const self = await issueTestCertificate({
      subject: [['CN', 'Self']], publicKey: leafKeys.publicKey, signingKey: leafKeys.privateKey, notBefore: FROM, notAfter: TO,
      extensions: [{ oid: '1.2.3.4.5', critical: true, valueDer: new Uint8Array([0x05, 0x00]) }],
    });
    expect(await codeOf(validateCertificatePath([p(self)], [p(self)], NOW))).toBe('ERR_X509_UNKNOWN_CRITICAL_EXTENSION');
  });

  it('certificates after the one that is the anchor are not part of the path', async () => {
    const expiredJunk = await makeRoot({ ...PAST, subject: [['CN', 'Junk']] });
    await expect(validateCertificatePath([p(leaf), p(inter), p(expiredJunk)], [p(inter)], NOW)).resolves.toBeDefined();
  });
});
