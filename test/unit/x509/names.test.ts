/** src/x509/names.ts: short attribute names both ways (X.520 attribute types, RFC 4514 §3 names). */
import { describe, expect, it } from 'vitest';
import { attributeOid, shortName } from '../../../src/x509/names.js';

describe('shortName / attributeOid', () => {
  it('names every attribute type the library knows, and round-trips', () => {
    const pairs = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', L: '2.5.4.7', ST: '2.5.4.8', serialNumber: '2.5.4.5' };
    for (const [name, oid] of Object.entries(pairs)) {
      expect(shortName(oid), oid).toBe(name);
      expect(attributeOid(name), name).toBe(oid);
    }
  });

  it('has no name for other OIDs or for property names of Object.prototype', () => {
    expect(shortName('1.2.840.113549.1.9.1')).toBeUndefined(); // emailAddress: printed as its OID
    expect(shortName('2.5.4.99')).toBeUndefined();
    expect(shortName('constructor')).toBeUndefined();
    expect(shortName('toString')).toBeUndefined();
    expect(attributeOid('constructor')).toBeUndefined();
    expect(attributeOid('toString')).toBeUndefined();
  });
});
