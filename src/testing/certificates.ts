/**
 * Test certificate generator: CAs, intermediates and attestation leaves, DER written here and
 * signed with WebCrypto only (no node: imports, no third-party package), so it runs on Node, Deno,
 * Bun and in browsers. Every field a verifier checks has a knob, so negative tests can break
 * exactly one thing. test/differential/x509-parse.test.ts reads its output with pkijs as well.
 *
 * Not for production use: nothing here is hardened, and defaults favour convenience.
 */
import { concat } from '../encoding/bytes.js';
import { integer, name, oid, seq, signerFor, time, tlv } from './der-writer.js';
import { parseCertificate, type ParsedCertificate } from '../x509/certificate.js';
import { toPem } from '../x509/pem.js';

export { testSignatureAlgorithm } from './der-writer.js';

/** A certificate with the private key of its subject (to issue further certificates or sign). */
export interface TestIssuer {
  /** The issuing certificate (its subject becomes the issuer name). */
  readonly certificate: ParsedCertificate;
  readonly privateKey: CryptoKey;
}

export interface TestCertificateExtension {
  /** Extension OID, dotted. */
  readonly oid: string;
  readonly critical: boolean;
  /** DER of the extension value (the extnValue OCTET STRING's contents). */
  readonly valueDer: Uint8Array;
}

export type TestKeyUsage = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';

export interface IssueTestCertificateOptions {
  /** The issuing CA; omitted = self-signed (issuer name = subject, signed with `signingKey`). */
  readonly issuer?: TestIssuer;
  /** Subject attributes in order, by OID or short name (C, O, OU, CN, L, ST, serialNumber). */
  readonly subject: ReadonlyArray<readonly [string, string]>;
  /** The subject's public key (any WebCrypto key type that exports as SPKI). */
  readonly publicKey: CryptoKey;
  /** The key that signs this certificate (the issuer's private key, or the subject's own when self-signed). */
  readonly signingKey: CryptoKey;
  /** Hash for ECDSA/RSA signing; default SHA-256. */
  readonly hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** Serial number bytes (positive, minimal); default 8 random bytes. */
  readonly serial?: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** basicConstraints cA; default false. The extension is critical for CAs, as RFC 5280 §4.2.1.9 asks. */
  readonly ca?: boolean;
  /** pathLenConstraint (only meaningful with ca: true). */
  readonly pathLen?: number;
  /** keyUsage bits; omitted = no keyUsage extension. */
  readonly keyUsage?: readonly TestKeyUsage[];
  /**
   * keyUsage as raw BIT STRING contents (unused-bits count, then the bytes), written as given: for
   * tests of padding bits and odd lengths. Takes precedence over `keyUsage`; critical.
   */
  readonly keyUsageBits?: Uint8Array;
  /** Issuer Name to write instead of the issuer's subject (or, self-signed, the subject): a forged or wrong issuer. */
  readonly issuerName?: ReadonlyArray<readonly [string, string]>;
  /** Extra extensions, appended after the standard ones. */
  readonly extensions?: readonly TestCertificateExtension[];
  /** Adds id-fido-gen-ce-aaguid (1.3.6.1.4.1.45724.1.1.4, non-critical) with these 16 bytes. */
  readonly aaguid?: Uint8Array;
  /** Leaves out basicConstraints entirely. */
  readonly omitBasicConstraints?: boolean;
  /** X.509 version; 1 produces no extensions at all. Default 3. */
  readonly version?: 1 | 3;
}

export interface TestCertificate {
  readonly der: Uint8Array;
  /** The certificate as src/x509 parses it. */
  readonly certificate: ParsedCertificate;
}

const KEY_USAGE_BITS: Readonly<Record<TestKeyUsage, number>> = {
  digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6,
};

function basicConstraintsDer(ca: boolean, pathLen: number | undefined): Uint8Array {
  const parts: Uint8Array[] = [];
  if (ca) parts.push(new Uint8Array([0x01, 0x01, 0xff]));
  if (pathLen !== undefined) parts.push(tlv(0x02, pathLen < 0x80 ? new Uint8Array([pathLen]) : new Uint8Array([0, pathLen])));
  return tlv(0x30, concat(...parts));
}

function keyUsageDer(usages: readonly TestKeyUsage[]): Uint8Array {
  let bits = 0;
  for (const u of usages) bits |= 0x80 >> KEY_USAGE_BITS[u];
  if (bits === 0) return new Uint8Array([0x03, 0x01, 0x00]);
  let unused = 0;
  while (((bits >> unused) & 1) === 0) unused++;
  return new Uint8Array([0x03, 0x02, unused, bits]);
}

function randomSerial(): Uint8Array {
  const s = crypto.getRandomValues(new Uint8Array(8));
  s[0] = (s[0]! & 0x7f) | 0x01;
  return s;
}

/** Issues one certificate. Throws plain Errors on misuse (this is a test helper). */
export async function issueTestCertificate(options: IssueTestCertificateOptions): Promise<TestCertificate> {
  const signer = await signerFor(options.signingKey, options.hash ?? 'SHA-256');
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', options.publicKey));
  const tbs = encodeTestTbsCertificate({ ...options, spki, signatureAlgorithm: signer.algorithm });
  const der = assembleTestCertificate(tbs, signer.algorithm, await signer.sign(tbs));
  return { der, certificate: parseCertificate(der) };
}

/**
 * The fields of a TBSCertificate, keys given as bytes: for callers that sign with something other
 * than WebCrypto (test/differential/x509-path.test.ts signs thousands synchronously with node:crypto).
 */
export type TestTbsFields = Omit<IssueTestCertificateOptions, 'publicKey' | 'signingKey' | 'hash'> & {
  /** The subject's SubjectPublicKeyInfo, DER. */
  readonly spki: Uint8Array;
  /** The signature AlgorithmIdentifier, DER (see testSignatureAlgorithm); written in the TBS and outside it. */
  readonly signatureAlgorithm: Uint8Array;
};

/** TBSCertificate DER (RFC 5280 §4.1) from `fields`. */
export function encodeTestTbsCertificate(fields: TestTbsFields): Uint8Array<ArrayBuffer> {
  const version = fields.version ?? 3;
  const extensions = version === 3 ? extensionsDer(fields) : [];
  const issuerName = fields.issuerName
    ? name(fields.issuerName)
    : fields.issuer ? fields.issuer.certificate.subjectDer : name(fields.subject);
  return seq(
    ...(version === 3 ? [tlv(0xa0, integer(new Uint8Array([2])))] : []),
    integer(fields.serial ?? randomSerial()),
    fields.signatureAlgorithm,
    issuerName,
    seq(time(fields.notBefore), time(fields.notAfter)),
    name(fields.subject),
    fields.spki,
    ...extensions,
  );
}

/** The [3] extensions element (empty list when there is nothing to write). */
function extensionsDer(fields: TestTbsFields): Uint8Array[] {
  const exts: TestCertificateExtension[] = [];
  if (!fields.omitBasicConstraints) {
    const ca = fields.ca ?? false;
    exts.push({ oid: '2.5.29.19', critical: ca, valueDer: basicConstraintsDer(ca, fields.pathLen) });
  }
  const keyUsage = fields.keyUsageBits ? tlv(0x03, fields.keyUsageBits) : fields.keyUsage ? keyUsageDer(fields.keyUsage) : undefined;
  if (keyUsage) exts.push({ oid: '2.5.29.15', critical: true, valueDer: keyUsage });
  if (fields.aaguid) exts.push({ oid: '1.3.6.1.4.1.45724.1.1.4', critical: false, valueDer: tlv(0x04, fields.aaguid) });
  exts.push(...(fields.extensions ?? []));
  if (exts.length === 0) return [];
  const list = exts.map((e) => seq(oid(e.oid), ...(e.critical ? [new Uint8Array([0x01, 0x01, 0xff])] : []), tlv(0x04, e.valueDer)));
  return [tlv(0xa3, seq(...list))];
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §4.1). */
export function assembleTestCertificate(tbs: Uint8Array, signatureAlgorithm: Uint8Array, signature: Uint8Array): Uint8Array<ArrayBuffer> {
  return seq(tbs, signatureAlgorithm, tlv(0x03, concat(new Uint8Array([0]), signature)));
}

export type TestLeafKeyAlg = 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'PS256' | 'Ed25519';

/** WebCrypto key generation parameters per leaf algorithm. */
export function keyGenParams(alg: TestLeafKeyAlg): EcKeyGenParams | RsaHashedKeyGenParams | Algorithm {
  switch (alg) {
    case 'ES256': return { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams;
    case 'ES384': return { name: 'ECDSA', namedCurve: 'P-384' } as EcKeyGenParams;
    case 'ES512': return { name: 'ECDSA', namedCurve: 'P-521' } as EcKeyGenParams;
    case 'RS256':
    case 'PS256':
      return {
        name: alg === 'RS256' ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      } as RsaHashedKeyGenParams;
    case 'Ed25519': return { name: 'Ed25519' };
  }
}

export async function generateTestKeyPair(alg: TestLeafKeyAlg = 'ES256'): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(keyGenParams(alg), true, ['sign', 'verify'])) as CryptoKeyPair;
}

export interface CreateAttestationChainOptions {
  /** Leaf (attestation) key algorithm; default ES256. CA keys are always P-256. */
  readonly leafKeyAlg?: TestLeafKeyAlg;
  /** Adds the AAGUID extension to the leaf. */
  readonly aaguid?: Uint8Array;
  /** Leaf subject; default the §8.2.1 packed profile (C=US, O, OU=Authenticator Attestation, CN). */
  readonly leafSubject?: ReadonlyArray<readonly [string, string]>;
  /** Validity reference; every certificate is valid from now − 1 day to now + 1 year. Default: the current time. */
  readonly now?: Date;
  /** Deliberate defects, for negative tests. */
  readonly faults?: {
    /** The leaf asserts cA=true. */
    readonly leafIsCa?: boolean;
    /** The leaf has no basicConstraints. */
    readonly leafWithoutBasicConstraints?: boolean;
    /** The intermediate lacks cA=true. */
    readonly intermediateNotCa?: boolean;
    /** One byte of the leaf's signature is flipped. */
    readonly tamperLeafSignature?: boolean;
    /** The AAGUID extension is marked critical. */
    readonly aaguidCritical?: boolean;
  };
}

export interface TestAttestationChain {
  readonly root: TestCertificate & { readonly privateKey: CryptoKey };
  readonly intermediate: TestCertificate & { readonly privateKey: CryptoKey };
  readonly leaf: TestCertificate & { readonly privateKey: CryptoKey; readonly publicKey: CryptoKey };
  /** As an attStmt carries it: leaf first, root omitted. */
  readonly x5c: readonly Uint8Array[];
  /** The root, PEM-encoded, to pass as trust anchors. */
  readonly anchorsPem: readonly string[];
}

const DAY = 86_400_000;

/** Root → intermediate → leaf, every certificate valid around `now`. */
export async function createAttestationChain(options: CreateAttestationChainOptions = {}): Promise<TestAttestationChain> {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - DAY);
  const notAfter = new Date(now.getTime() + 365 * DAY);
  const faults = options.faults ?? {};
  const rootKeys = await generateTestKeyPair('ES256');
  const interKeys = await generateTestKeyPair('ES256');
  const leafKeys = await generateTestKeyPair(options.leafKeyAlg ?? 'ES256');

  const root = await issueTestCertificate({
    subject: [['C', 'US'], ['O', 'Test Vendor'], ['CN', 'Test Attestation Root']],
    publicKey: rootKeys.publicKey, signingKey: rootKeys.privateKey, notBefore, notAfter,
    ca: true, keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const intermediate = await issueTestCertificate({
    issuer: { certificate: root.certificate, privateKey: rootKeys.privateKey },
    subject: [['C', 'US'], ['O', 'Test Vendor'], ['CN', 'Test Attestation Intermediate']],
    publicKey: interKeys.publicKey, signingKey: rootKeys.privateKey, notBefore, notAfter,
    ca: !faults.intermediateNotCa, pathLen: faults.intermediateNotCa ? undefined : 0, keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const aaguidExt: TestCertificateExtension[] =
    options.aaguid && faults.aaguidCritical
      ? [{ oid: '1.3.6.1.4.1.45724.1.1.4', critical: true, valueDer: tlv(0x04, options.aaguid) }]
      : [];
  const leaf = await issueTestCertificate({
    issuer: { certificate: intermediate.certificate, privateKey: interKeys.privateKey },
    subject: options.leafSubject ?? [['C', 'US'], ['O', 'Test Vendor'], ['OU', 'Authenticator Attestation'], ['CN', 'Test Batch']],
    publicKey: leafKeys.publicKey, signingKey: interKeys.privateKey, notBefore, notAfter,
    ca: faults.leafIsCa ?? false, omitBasicConstraints: faults.leafWithoutBasicConstraints ?? false,
    ...(options.aaguid && !faults.aaguidCritical ? { aaguid: options.aaguid } : {}),
    extensions: aaguidExt,
  });
  const leafDer = faults.tamperLeafSignature ? flipLastByte(leaf.der) : leaf.der;
  return {
    root: { ...root, privateKey: rootKeys.privateKey },
    intermediate: { ...intermediate, privateKey: interKeys.privateKey },
    leaf: { der: leafDer, certificate: leaf.certificate, privateKey: leafKeys.privateKey, publicKey: leafKeys.publicKey },
    x5c: [leafDer, intermediate.der],
    anchorsPem: [toPem(root.der)],
  };
}

/** A copy with the last byte (inside the signature value) flipped: still DER, no longer verifies. */
export function flipLastByte(der: Uint8Array): Uint8Array {
  const copy = der.slice();
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 0x01;
  return copy;
}
