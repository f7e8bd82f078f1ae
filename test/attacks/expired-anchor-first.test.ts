/**
 * Attack on availability (issue 11, finding 4): a root re-issued with the same subject and key
 * (Google's hardware attestation root: 2016 issue expired 2026-05-24, re-issued 2019 and 2021) is
 * configured twice. The path validator took the FIRST anchor whose key verified the chain's top,
 * the expired one when it came first (KNOWN_ROOTS lists the 2016 issue first), and refused a
 * genuine chain with ERR_X509_EXPIRED. The verdict must not depend on anchor order.
 *
 * Clause: RFC 5280 §6.1 (a path is valid if it validates to SOME trust anchor; §6.1.1 d anchors
 * are name + key, the configured certificate only supplies them), and our stricter rule that an
 * anchor certificate is used only inside its validity period (docs/attestation.md): so an anchor
 * valid at `now` must be preferred over an expired issue of the same name and key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTestKeyPair, issueTestCertificate, type TestCertificate } from '../../src/testing/certificates.js';
import type { ParsedCertificate } from '../../src/x509/certificate.js';
import { validateCertificatePath } from '../../src/x509/path.js';
import { codeOf } from '../helpers/codes.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const VALID = { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z') };
const EXPIRED = { notBefore: new Date('2016-05-26T00:00:00Z'), notAfter: new Date('2026-05-24T00:00:00Z') };
const ROOT: Array<[string, string]> = [['serialNumber', 'f92009e853b6b045']];

let rootKeys: CryptoKeyPair;
let original: TestCertificate, reissued: TestCertificate, inter: TestCertificate, leaf: TestCertificate;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

beforeAll(async () => {
  const [r, i, l] = await Promise.all([generateTestKeyPair(), generateTestKeyPair(), generateTestKeyPair()]);
  rootKeys = r;
  const root = (validity: typeof VALID) =>
    issueTestCertificate({ subject: ROOT, publicKey: r.publicKey, signingKey: r.privateKey, ...validity, ca: true, keyUsage: ['keyCertSign'] });
  original = await root(EXPIRED);
  reissued = await root(VALID);
  inter = await issueTestCertificate({
    issuer: { certificate: reissued.certificate, privateKey: r.privateKey },
    subject: [['CN', 'Droid CA2']], publicKey: i.publicKey, signingKey: r.privateKey, ...VALID, ca: true, keyUsage: ['keyCertSign'],
  });
  leaf = await issueTestCertificate({
    issuer: { certificate: inter.certificate, privateKey: i.privateKey },
    subject: [['CN', 'Android Keystore Key']], publicKey: l.publicKey, signingKey: i.privateKey, ...VALID,
  });
});

describe('attack: an expired anchor listed before its valid re-issue (finding 4)', () => {
  it('x5c without the root: accepted with the anchors in every order, and the valid issue is the anchor', async () => {
    const unrelatedKeys = await generateTestKeyPair();
    const unrelated = await issueTestCertificate({ subject: [['CN', 'Other Root']], publicKey: unrelatedKeys.publicKey, signingKey: unrelatedKeys.privateKey, ...VALID, ca: true });
    for (const anchors of permutations<ParsedCertificate>([original.certificate, reissued.certificate, unrelated.certificate])) {
      const { anchor } = await validateCertificatePath([leaf.certificate, inter.certificate], anchors, NOW);
      expect(anchor.der).toEqual(reissued.der);
    }
  });

  it('x5c ending in the expired original: accepted with the anchors in every order', async () => {
    for (const anchors of permutations<ParsedCertificate>([original.certificate, reissued.certificate])) {
      const { anchor } = await validateCertificatePath([leaf.certificate, inter.certificate, original.certificate], anchors, NOW);
      expect(anchor.der).toEqual(reissued.der);
    }
  });

  it('control: with only the expired issue configured the chain is refused (ERR_X509_EXPIRED)', async () => {
    expect(await codeOf(validateCertificatePath([leaf.certificate, inter.certificate], [original.certificate], NOW))).toBe('ERR_X509_EXPIRED');
    expect(rootKeys).toBeDefined();
  });
});
