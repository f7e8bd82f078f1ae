/**
 * The parts of the `inspect` view that describe errors and x5c certificates (split from
 * inspect.ts). Every string from the input is clipped (view.ts); printing escapes it (output.ts).
 */
import { isWebAuthnError } from '../errors.js';
import { toHex } from '../encoding/bytes.js';
import { parseCertificate } from '../x509/certificate.js';
import { shortName, type DistinguishedName } from '../x509/names.js';
import { clip, toView, type View } from './view.js';


const KNOWN_EXTENSIONS: Readonly<Record<string, string>> = {
  '2.5.29.19': 'basicConstraints',
  '2.5.29.15': 'keyUsage',
  '2.5.29.37': 'extKeyUsage',
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.17': 'subjectAltName',
  '1.3.6.1.4.1.45724.1.1.4': 'id-fido-gen-ce-aaguid',
  '1.3.6.1.4.1.45724.2.1.1': 'FIDO U2F transports',
  '1.3.6.1.4.1.11129.2.1.17': 'Android key attestation',
  '1.2.840.113635.100.8.2': 'Apple anonymous attestation nonce',
};

function formatName(name: DistinguishedName): string {
  return clip(name.map((a) => `${shortName(a.oid) ?? a.oid}=${a.value}`).join(', '));
}

export function errorView(e: unknown, errors: string[]): View {
  if (isWebAuthnError(e)) {
    errors.push(e.code);
    return { error: e.code, message: clip(e.message), ...(e.details ? { details: toView(e.details) } : {}) };
  }
  // Not a WebAuthnError: a decoder bug, shown as such (deliberately not an ERR_* code).
  errors.push('UNEXPECTED_ERROR');
  return { error: 'UNEXPECTED_ERROR', message: clip(String(e)) };
}

export function certificateView(der: unknown, errors: string[]): View {
  if (!(der instanceof Uint8Array)) return errorView(new Error('x5c entry is not a byte string'), errors);
  try {
    const c = parseCertificate(der);
    return {
      subject: formatName(c.subject),
      issuer: formatName(c.issuer),
      serialNumber: c.serialNumberHex,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sha256Fingerprint: c.fingerprintSha256,
      selfIssued: toHex(c.subjectDer) === toHex(c.issuerDer),
      basicConstraints: c.basicConstraints ? toView(c.basicConstraints) : null,
      extensions: [...c.extensions.keys()].map((oid) => (KNOWN_EXTENSIONS[oid] ? `${oid} (${KNOWN_EXTENSIONS[oid]})` : oid)),
    };
  } catch (e) {
    return { bytes: der.length, ...errorView(e, errors) };
  }
}
