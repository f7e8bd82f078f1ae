/**
 * Test certificate generator: CAs, intermediates and attestation leaves built with pkijs and
 * WebCrypto only (no node: imports), so it runs on Node, Deno, Bun and in browsers. Every field a
 * verifier checks has a knob, so negative tests can break exactly one thing.
 *
 * Not for production use: nothing here is hardened, and defaults favour convenience.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { concat } from '../encoding/bytes.js';
import { attributeOid } from '../x509/names.js';
import { toPem } from '../x509/pem.js';

/** A certificate with the private key of its subject (to issue further certificates or sign). */
export interface TestIssuer {
  readonly certificate: pkijs.Certificate;
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
  readonly certificate: pkijs.Certificate;
}

const KEY_USAGE_BITS: Readonly<Record<TestKeyUsage, number>> = {
  digitalSignature: 0, nonRepudiation: 1, keyEncipherment: 2, dataEncipherment: 3, keyAgreement: 4, keyCertSign: 5, cRLSign: 6,
};

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(new Uint8Array([tag, ...len]), content);
}

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

function buffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

function time(date: Date): pkijs.Time {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({ type: date.getUTCFullYear() >= 2050 ? 1 : 0, value: date });
}

/**
 * An X.501 Name with ONE attribute per RelativeDistinguishedName (RFC 5280 §4.1.2.4), as CAs issue
 * them: SEQUENCE OF SET { AttributeTypeAndValue }. (pkijs, given `typesAndValues`, would put every
 * attribute into a single multi-valued RDN, which some verifiers reject.) Encoded here and parsed
 * back, so pkijs keeps exactly these bytes.
 */
function name(attrs: ReadonlyArray<readonly [string, string]>): pkijs.RelativeDistinguishedNames {
  const rdns = attrs.map(([k, v]) => {
    const oid = attributeOid(k);
    if (oid === undefined) throw new Error(`unknown attribute name ${k}`);
    const value = oid === '2.5.4.6' ? new asn1js.PrintableString({ value: v }) : new asn1js.Utf8String({ value: v });
    return new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type: oid, value }).toSchema()] });
  });
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

/** Issues one certificate. Throws plain Errors on misuse (this is a test helper). */
export async function issueTestCertificate(options: IssueTestCertificateOptions): Promise<TestCertificate> {
  const cert = new pkijs.Certificate();
  const version = options.version ?? 3;
  cert.version = version === 3 ? 2 : 0;
  cert.serialNumber = new asn1js.Integer({ valueHex: buffer(options.serial ?? randomSerial()) });
  cert.subject = name(options.subject);
  cert.issuer = options.issuer ? options.issuer.certificate.subject : name(options.subject);
  cert.notBefore = time(options.notBefore);
  cert.notAfter = time(options.notAfter);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', options.publicKey));
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(spki);

  if (version === 3) {
    const exts: TestCertificateExtension[] = [];
    if (!options.omitBasicConstraints) {
      const ca = options.ca ?? false;
      exts.push({ oid: '2.5.29.19', critical: ca, valueDer: basicConstraintsDer(ca, options.pathLen) });
    }
    if (options.keyUsage) exts.push({ oid: '2.5.29.15', critical: true, valueDer: keyUsageDer(options.keyUsage) });
    if (options.aaguid) exts.push({ oid: '1.3.6.1.4.1.45724.1.1.4', critical: false, valueDer: tlv(0x04, options.aaguid) });
    exts.push(...(options.extensions ?? []));
    if (exts.length > 0) {
      cert.extensions = exts.map(
        (e) => new pkijs.Extension({ extnID: e.oid, critical: e.critical, extnValue: buffer(e.valueDer) }),
      );
    }
  }
  await cert.sign(options.signingKey, options.hash ?? 'SHA-256');
  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  return { der, certificate: pkijs.Certificate.fromBER(der) };
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
