// The name of the authenticator behind each passkey, looked up by the AAGUID stored at registration.
//
// The AAGUID is part of the authenticator data. The demo accepts any authenticator and does not
// validate attestation chains (no trust anchors: attestation.trusted is false, and 'none' — what
// most passkey providers send — carries no proof at all), so the AAGUID, and the name found for
// it, are what the authenticator *says* it is. Fine for labelling a list of one's own passkeys;
// never a reason to trust or refuse one (docs/demo.md, "Authenticator names").

/**
 * A few passkey providers, for when no metadata BLOB is configured. AAGUIDs and names from the
 * community list https://github.com/passkeydeveloper/passkey-authenticator-aaguids (aaguid.json at
 * commit 47b6f84e4e3c9ab52f390e103fb4a1216e7952a5, 2026-08-07), which says it exists for naming
 * passkeys in account settings; providers mostly send attestation 'none' and are not in FIDO MDS.
 */
export const KNOWN_PASSKEY_PROVIDERS = new Map(Object.entries({
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': 'Google Password Manager',
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': 'iCloud Keychain', // the list's name for it today: "Apple Passwords"
  'adce0002-35bc-c60a-648b-0b25f1f05503': 'Chrome on Mac',
  '08987058-cadc-4b81-b6e1-30de50dcbe96': 'Windows Hello',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': 'Windows Hello',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': 'Windows Hello',
  'bada5566-a7aa-401f-bd96-45619a55120d': '1Password',
  'd548826e-79b4-db40-a3d8-11116f7e8349': 'Bitwarden',
}));

const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000';
const CLAIM = 'reported by the authenticator';

/**
 * @typedef {object} AuthenticatorName
 * @property {string} name    e.g. 'YubiKey 5 Series with NFC'
 * @property {'fido-metadata' | 'known-providers'} source  where the name came from
 * @property {string} label   what the page shows: the name marked as the authenticator's own claim
 */

/**
 * @param {import('webauthn-verify').VerifiedMetadata | undefined} metadata  the verified BLOB, if any
 * @returns {(aaguid: string) => AuthenticatorName | null}
 */
export function authenticatorNamer(metadata) {
  return (aaguid) => {
    if (typeof aaguid !== 'string' || aaguid === ZERO_AAGUID) return null; // no claim made
    const described = metadata?.findByAAGUID(aaguid)?.metadataStatement?.description;
    if (typeof described === 'string' && described !== '') return named(described, 'fido-metadata');
    const known = KNOWN_PASSKEY_PROVIDERS.get(aaguid.toLowerCase());
    return known ? named(known, 'known-providers') : null;
  };
}

function named(name, source) {
  return { name, source, label: `${name} (${CLAIM})` };
}
