/**
 * Distinguished names (RFC 5280 §4.1.2.4) in the flat form the attestation rules need: a list of
 * (attribute OID, string value) pairs in encoding order. Multi-valued RDNs are flattened. Read from
 * DER by src/x509/fields.ts.
 */
export type DistinguishedName = ReadonlyArray<{ readonly oid: string; readonly value: string }>;

/** Attribute type OIDs used by the attestation leaf rules (X.520). */
export const NAME_OID = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
} as const;

const SHORT_NAMES: Readonly<Record<string, string>> = {
  C: NAME_OID.C,
  O: NAME_OID.O,
  OU: NAME_OID.OU,
  CN: NAME_OID.CN,
  L: '2.5.4.7',
  ST: '2.5.4.8',
  serialNumber: '2.5.4.5',
};

const SHORT_NAME_BY_OID: ReadonlyMap<string, string> = new Map(Object.entries(SHORT_NAMES).map(([name, oid]) => [oid, name]));

/** The short name (C, O, OU, CN, L, ST, serialNumber) of an attribute type OID, or undefined. */
export function shortName(oid: string): string | undefined {
  return SHORT_NAME_BY_OID.get(oid);
}

/** Maps a short attribute name (C, O, OU, CN, L, ST, serialNumber) to its OID; OIDs pass through. */
export function attributeOid(nameOrOid: string): string | undefined {
  if (/^\d+(\.\d+)+$/.test(nameOrOid)) return nameOrOid;
  return Object.hasOwn(SHORT_NAMES, nameOrOid) ? SHORT_NAMES[nameOrOid] : undefined; // not Object.prototype's names
}

/**
 * The value of the single attribute `oid` (short names accepted). Returns undefined when the
 * attribute is absent or appears more than once (an ambiguous name must not satisfy a rule).
 */
export function nameValue(name: DistinguishedName, oidOrShortName: string): string | undefined {
  const oid = attributeOid(oidOrShortName) ?? oidOrShortName;
  const hits = name.filter((a) => a.oid === oid);
  return hits.length === 1 ? hits[0]!.value : undefined;
}
