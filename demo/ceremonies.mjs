// Sessions and pending ceremonies, in memory.
//
// The rules a relying party must get right, and where this file gets them right:
// - A challenge is random (generate*Options draws 32 bytes from crypto.getRandomValues).
// - It is bound to the session that asked for it and to the ceremony kind: a registration
//   challenge cannot finish a sign-in, and another browser's session cannot use it.
// - It is single-use: `take()` removes it BEFORE verification, so a failed attempt also burns it
//   and a replayed response finds nothing to match (DEMO_NO_PENDING_CEREMONY), or, if a new
//   ceremony was started meanwhile, a different challenge (ERR_CLIENT_DATA_CHALLENGE_MISMATCH).
// - It expires: `take()` refuses one older than its TTL (DEMO_CEREMONY_EXPIRED).
// - One pending ceremony per session: starting a new one replaces the old one.

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
// Sessions are created for any visitor; cap them so that a flood of cookie-less requests cannot
// grow memory without bound (the oldest are dropped first; Map keeps insertion order).
const MAX_SESSIONS = 10_000;

/**
 * @typedef {object} Ceremony
 * @property {'registration' | 'authentication'} kind
 * @property {string} challenge           base64url, as sent in the options
 * @property {number} expiresAt           ms since epoch
 * @property {string} [userId]            registration: the user handle being registered; authentication: the named user, if any
 * @property {string} [userName]          registration of a new account
 * @property {string} [displayName]
 * @property {boolean} [newAccount]
 *
 * @typedef {object} Session
 * @property {string} id
 * @property {string | null} userId       signed-in user, or null
 * @property {Ceremony | null} pending
 * @property {number} expiresAt
 */

export class CeremonyError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Sessions {
  /** @param {{ now?: () => number }} [options] injectable clock, for tests */
  constructor(options = {}) {
    this.now = options.now ?? (() => Date.now());
    /** @type {Map<string, Session>} */
    this.map = new Map();
  }

  /** @param {string | undefined} id @returns {Session | undefined} */
  get(id) {
    if (!id) return undefined;
    const s = this.map.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.map.delete(id);
      return undefined;
    }
    return s;
  }

  /** A fresh session with a 256-bit random id. @returns {Session} */
  create() {
    this.sweep();
    while (this.map.size >= MAX_SESSIONS) this.map.delete(this.map.keys().next().value);
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const s = { id, userId: null, pending: null, expiresAt: this.now() + SESSION_TTL_MS };
    this.map.set(id, s);
    return s;
  }

  /** Signing in or out changes privilege: issue a new session id (no session fixation). */
  rotate(session, userId) {
    this.map.delete(session.id);
    const s = this.create();
    s.userId = userId;
    return s;
  }

  destroy(session) {
    this.map.delete(session.id);
  }

  /** @param {Session} session @param {Omit<Ceremony, 'expiresAt'>} ceremony @param {number} ttlMs */
  begin(session, ceremony, ttlMs) {
    session.pending = { ...ceremony, expiresAt: this.now() + ttlMs };
  }

  /**
   * Removes and returns the pending ceremony of this kind. Throws a CeremonyError when there is
   * none, it is of the other kind, or it expired. It is gone afterwards in every case.
   * @param {Session} session @param {'registration' | 'authentication'} kind @returns {Ceremony}
   */
  take(session, kind) {
    const c = session.pending;
    session.pending = null;
    if (!c) throw new CeremonyError('DEMO_NO_PENDING_CEREMONY', 'No pending ceremony: request options first (challenges are single-use)');
    if (c.kind !== kind) throw new CeremonyError('DEMO_CEREMONY_KIND_MISMATCH', `The pending ceremony is a ${c.kind}, not a ${kind}`);
    if (c.expiresAt <= this.now()) throw new CeremonyError('DEMO_CEREMONY_EXPIRED', 'The challenge expired: start again');
    return c;
  }

  sweep() {
    const now = this.now();
    for (const [id, s] of this.map) if (s.expiresAt <= now) this.map.delete(id);
  }
}
