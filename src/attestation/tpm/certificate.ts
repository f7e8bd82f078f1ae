/**
 * TPM attestation (AIK) certificate requirements, WebAuthn L3 §8.3.1
 * (https://w3c.github.io/webauthn/#sctn-tpm-cert-requirements):
 *
 * - Version MUST be 3.
 * - Subject MUST be empty.
 * - The Subject Alternative Name extension MUST be set as defined in the TCG EK Credential Profile
 *   §3.2.9: a directoryName holding TPMManufacturer (2.23.133.2.1, "id:XXXXXXXX"), TPMModel
 *   (2.23.133.2.2) and TPMVersion (2.23.133.2.3).
 * - Extended Key Usage MUST contain 2.23.133.8.3 (tcg-kp-AIKCertificate).
 * - Basic Constraints MUST have CA = false.
 *
 * SAN forms: the profile's examples put each attribute in its own RDN; many Windows TPM certificates
 * put all three in one multi-valued RDN. Both are accepted (each attribute exactly once overall).
 * Stricter than the spec: basicConstraints must be present (its absence would also mean CA = false,
 * but every AIK certificate seen carries it), and the manufacturer must be in the TCG vendor
 * registry (tpm-vendors.ts) unless the caller supplies its own predicate.
 */
import { toHex } from '../../encoding/bytes.js';
import { WebAuthnError } from '../../errors.js';
import type { ParsedCertificate } from '../../x509/certificate.js';
import { children, readTlv, type Tlv } from '../../x509/der.js';
import { isKnownTpmVendor, parseTpmManufacturer } from './vendors.js';

export const OID_SUBJECT_ALT_NAME = '2.5.29.17';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_TCG_KP_AIK_CERTIFICATE = '2.23.133.8.3';

// DER (tag and length included) of the OIDs compared below, as hex.
const DER_TCG_KP_AIK_CERTIFICATE = '06056781050803';
const DER_TPM_MANUFACTURER = '06056781050201';
const DER_TPM_MODEL = '06056781050202';
const DER_TPM_VERSION = '06056781050203';

/** What the SAN says about the TPM. */
export interface TpmDeviceInfo {
  /** Eight upper-case hex digits (the "id:" prefix removed). */
  readonly manufacturer: string;
  readonly model: string;
  readonly version: string;
}

export interface AikCertificateOptions {
  /** Decides whether a manufacturer id is acceptable; default: listed in the TCG registry (TPM_VENDORS). */
  readonly isAcceptableVendor?: (id: string) => boolean;
}

function requirement(requirement: string, details: Record<string, unknown> = {}): never {
  throw new WebAuthnError('ERR_ATTESTATION_CERTIFICATE_INVALID', 'TPM AIK certificate does not meet §8.3.1', {
    requirement,
    ...details,
  });
}

/** Directory string types a TCG attribute may use: UTF8String, PrintableString, IA5String. */
const STRING_TAGS = new Set([0x0c, 0x13, 0x16]);

function readString(bytes: Uint8Array, t: Tlv): string {
  if (!STRING_TAGS.has(t.tag)) requirement('SAN TPM attribute is not a string', { received: t.tag });
  let text = '';
  for (let i = t.contentStart; i < t.end; i++) {
    const c = bytes[i]!;
    // The three attributes are ASCII in practice; anything else is refused rather than guessed at.
    if (c < 0x20 || c > 0x7e) requirement('SAN TPM attribute is not printable ASCII');
    text += String.fromCharCode(c);
  }
  return text;
}

/** Parses the SAN value (GeneralNames) and returns the TPM attributes of its directoryName(s). */
export function parseTpmSubjectAltName(value: Uint8Array): { manufacturer: string; model: string; version: string } {
  const found = new Map<string, string>();
  try {
    const root = readTlv(value, 0);
    if (root.tag !== 0x30 || root.end !== value.length) requirement('SAN is not a SEQUENCE');
    for (const gn of children(value, root)) {
      // directoryName [4] EXPLICIT Name; other GeneralName choices are ignored.
      if (gn.tag !== 0xa4) continue;
      const [name, ...extra] = children(value, gn);
      if (!name || extra.length || name.tag !== 0x30) requirement('SAN directoryName is not a Name');
      for (const rdn of children(value, name)) {
        if (rdn.tag !== 0x31) requirement('SAN RDN is not a SET');
        for (const atv of children(value, rdn)) {
          const [oid, val, ...more] = children(value, atv);
          if (atv.tag !== 0x30 || !oid || !val || more.length || oid.tag !== 0x06) {
            requirement('SAN attribute is not an AttributeTypeAndValue');
          }
          const oidHex = toHex(value.subarray(oid.start, oid.end));
          if (oidHex !== DER_TPM_MANUFACTURER && oidHex !== DER_TPM_MODEL && oidHex !== DER_TPM_VERSION) continue;
          if (found.has(oidHex)) requirement('SAN repeats a TPM attribute');
          found.set(oidHex, readString(value, val));
        }
      }
    }
  } catch (e) {
    if (e instanceof WebAuthnError && e.code === 'ERR_ATTESTATION_CERTIFICATE_INVALID') throw e;
    throw new WebAuthnError(
      'ERR_ATTESTATION_CERTIFICATE_INVALID',
      'TPM AIK certificate does not meet §8.3.1',
      { requirement: 'SAN is not valid DER' },
      { cause: e },
    );
  }
  const manufacturer = found.get(DER_TPM_MANUFACTURER);
  const model = found.get(DER_TPM_MODEL);
  const version = found.get(DER_TPM_VERSION);
  if (manufacturer === undefined || model === undefined || version === undefined) {
    requirement('SAN lacks TPMManufacturer, TPMModel or TPMVersion', {
      received: { manufacturer: manufacturer !== undefined, model: model !== undefined, version: version !== undefined },
    });
  }
  if (model.length === 0 || version.length === 0) requirement('SAN TPMModel/TPMVersion is empty');
  return { manufacturer, model, version };
}

/** True when the EKU extension value (SEQUENCE OF KeyPurposeId) lists tcg-kp-AIKCertificate. */
function ekuHasAik(value: Uint8Array): boolean {
  try {
    const root = readTlv(value, 0);
    if (root.tag !== 0x30 || root.end !== value.length) return false;
    const oids = children(value, root);
    if (oids.some((o) => o.tag !== 0x06)) return false;
    return oids.some((o) => toHex(value.subarray(o.start, o.end)) === DER_TCG_KP_AIK_CERTIFICATE);
  } catch {
    return false;
  }
}

/** Checks the §8.3.1 requirements on the AIK (leaf) certificate and returns the SAN's TPM info. */
export function checkAikCertificate(leaf: ParsedCertificate, options: AikCertificateOptions = {}): TpmDeviceInfo {
  // §8.3.1: Version MUST be set to 3.
  if (leaf.version !== 3) requirement('version must be 3', { expected: 3, received: leaf.version });
  // §8.3.1: Subject field MUST be set to empty.
  if (leaf.subject.length !== 0) requirement('subject must be empty', { received: leaf.subject.length });
  // §8.3.1: SAN as defined in TPMv2-EK-Profile §3.2.9 (critical is expected, since the subject is empty).
  const san = leaf.extensions.get(OID_SUBJECT_ALT_NAME);
  if (san === undefined) requirement('subjectAltName extension missing');
  const info = parseTpmSubjectAltName(san.value);
  const manufacturer = parseTpmManufacturer(info.manufacturer);
  if (manufacturer === undefined) {
    requirement('TPMManufacturer is not "id:" followed by 8 hex digits', { received: info.manufacturer });
  }
  const acceptable = options.isAcceptableVendor ?? isKnownTpmVendor;
  if (!acceptable(manufacturer)) {
    throw new WebAuthnError('ERR_ATTESTATION_TPM_VENDOR_UNKNOWN', 'TPM manufacturer is not a known TCG vendor id', {
      received: info.manufacturer,
    });
  }
  // §8.3.1: EKU MUST contain 2.23.133.8.3.
  const eku = leaf.extensions.get(OID_EXT_KEY_USAGE);
  if (eku === undefined || !ekuHasAik(eku.value)) {
    requirement('extendedKeyUsage must contain 2.23.133.8.3', { expected: OID_TCG_KP_AIK_CERTIFICATE });
  }
  // §8.3.1: Basic Constraints CA false (we also require the extension to be present).
  if (leaf.basicConstraints === undefined) requirement('basicConstraints extension missing');
  if (leaf.basicConstraints.ca) requirement('basicConstraints CA must be false', { received: true });
  return Object.freeze({ manufacturer, model: info.model, version: info.version });
}
