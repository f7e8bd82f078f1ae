import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSignCount, enforceSignCount } from '../../../src/ceremony/counter.js';

describe('checkSignCount (§6.1.1, §7.2 signCount step)', () => {
  it('accepts both zero (no counter) and keeps 0', () => {
    expect(checkSignCount(0, 0)).toEqual({ ok: true, newCount: 0, suspectedClone: false });
  });
  it('accepts an increase and returns the new value', () => {
    expect(checkSignCount(5, 6)).toEqual({ ok: true, newCount: 6, suspectedClone: false });
    expect(checkSignCount(0, 1)).toEqual({ ok: true, newCount: 1, suspectedClone: false });
  });
  it.each([
    [5, 5],
    [5, 4],
    [5, 0],
  ])('flags stored %i, received %i as a suspected clone and keeps the stored value', (stored, received) => {
    expect(checkSignCount(stored, received)).toEqual({ ok: false, newCount: stored, suspectedClone: true });
  });
  it('is ok exactly when both are zero or received > stored (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 }), (s, r) => {
        expect(checkSignCount(s, r).ok).toBe((s === 0 && r === 0) || r > s);
      }),
    );
  });
});

describe('enforceSignCount', () => {
  it("throws ERR_COUNTER_REGRESSION under 'throw'", () => {
    expect(() => enforceSignCount(3, 3, 'throw')).toThrow(expect.objectContaining({ code: 'ERR_COUNTER_REGRESSION' }));
  });
  it("reports instead under 'report'", () => {
    expect(enforceSignCount(3, 2, 'report')).toEqual({ ok: false, newCount: 3, suspectedClone: true });
  });
  it('passes increases under both policies', () => {
    expect(enforceSignCount(3, 4, 'throw').newCount).toBe(4);
    expect(enforceSignCount(3, 4, 'report').newCount).toBe(4);
  });
});
