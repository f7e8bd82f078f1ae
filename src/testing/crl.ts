/**
 * Test certificate revocation lists (RFC 5280 §5.1), written by the same DER writer as the test
 * certificates and signed with WebCrypto, so CRL handling can be tested without a real CA.
 * Not for production use.
 */
import { concat } from '../encoding/bytes.js';
import { integer, seq, signerFor, time, tlv, oid } from './der-writer.js';
import type { TestCertificateExtension, TestIssuer } from './certificates.js';

export interface IssueTestCRLOptions {
  /** The CA that signs the CRL; its subject is the CRL issuer. */
  readonly issuer: TestIssuer;
  /** Revoked certificates by serial (INTEGER contents, hex, as ParsedCertificate.serialNumberHex). */
  readonly revokedSerials?: readonly string[];
  readonly thisUpdate: Date;
  /** Omitted: no nextUpdate (RFC 5280 says conforming issuers include it). */
  readonly nextUpdate?: Date;
  /** crlExtensions (v2); default none. */
  readonly extensions?: readonly TestCertificateExtension[];
  /** Extensions on every revoked entry; default none. */
  readonly entryExtensions?: readonly TestCertificateExtension[];
}

function fromHex(hex: string): Uint8Array {
  return new Uint8Array((hex.match(/../g) ?? []).map((b) => parseInt(b, 16)));
}

function extensionList(exts: readonly TestCertificateExtension[]): Uint8Array {
  return seq(...exts.map((e) => seq(oid(e.oid), ...(e.critical ? [new Uint8Array([0x01, 0x01, 0xff])] : []), tlv(0x04, e.valueDer))));
}

/** A DER CertificateList signed by `issuer` (v2 when it has extensions, else v1). */
export async function issueTestCRL(options: IssueTestCRLOptions): Promise<Uint8Array> {
  const signer = await signerFor(options.issuer.privateKey, 'SHA-256');
  const exts = options.extensions ?? [];
  const entryExts = options.entryExtensions ?? [];
  const v2 = exts.length > 0 || entryExts.length > 0;
  const revoked = (options.revokedSerials ?? []).map((hex) =>
    seq(integer(fromHex(hex)), time(options.thisUpdate), ...(entryExts.length > 0 ? [extensionList(entryExts)] : [])),
  );
  const tbs = seq(
    ...(v2 ? [integer(new Uint8Array([1]))] : []),
    signer.algorithm,
    options.issuer.certificate.subjectDer,
    time(options.thisUpdate),
    ...(options.nextUpdate ? [time(options.nextUpdate)] : []),
    ...(revoked.length > 0 ? [seq(...revoked)] : []),
    ...(exts.length > 0 ? [tlv(0xa0, extensionList(exts))] : []),
  );
  return seq(tbs, signer.algorithm, tlv(0x03, concat(new Uint8Array([0]), await signer.sign(tbs))));
}
