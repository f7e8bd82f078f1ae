// The demo's schema, as numbered migrations applied at start in one transaction. The constraints
// carry the store contract (docs/production.md): primary keys make credential ids and challenges
// unique, UNIQUE(name) makes usernames unique, CHECKs keep counters in 0..2^32-1.
// Several demo processes on one PostgreSQL may start at once: a transaction-scoped advisory lock
// makes them migrate one after another (the second finds nothing left to do).

const MIGRATIONS = [
  {
    version: 1,
    name: 'users, credentials, sessions, ceremonies',
    sql: `
      CREATE TABLE users (
        id           text PRIMARY KEY,              -- base64url user handle: random, no PII (L3 §14.6.1)
        name         text NOT NULL UNIQUE,          -- the username: unique
        display_name text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE credentials (
        id               text PRIMARY KEY,          -- base64url credential id: unique across all users (L3 §7.1 step 26)
        user_id          text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        public_key       bytea NOT NULL,            -- COSE_Key
        algorithm        integer NOT NULL,
        counter          bigint NOT NULL CHECK (counter BETWEEN 0 AND 4294967295),
        transports       text[] NOT NULL DEFAULT '{}',
        backup_eligible  boolean NOT NULL,
        backed_up        boolean NOT NULL,
        aaguid           text NOT NULL,
        fmt              text NOT NULL,
        attestation_type text NOT NULL,
        user_verified    boolean NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        last_used_at     timestamptz
      );
      CREATE INDEX credentials_by_user ON credentials (user_id);
      CREATE TABLE sessions (                       -- signed-in sessions only
        id         text PRIMARY KEY,
        user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires_at bigint NOT NULL                  -- ms since epoch
      );
      CREATE TABLE ceremonies (                     -- pending challenges: consumed by DELETE … RETURNING
        id           text PRIMARY KEY,              -- the ceremony cookie
        kind         text NOT NULL CHECK (kind IN ('registration', 'authentication')),
        challenge    text NOT NULL UNIQUE,
        user_id      text,
        user_name    text,
        display_name text,
        new_account  boolean NOT NULL DEFAULT false,
        session_id   text,                          -- the signed-in session adding a passkey
        client_ip    text NOT NULL,
        expires_at   bigint NOT NULL
      );
      CREATE INDEX ceremonies_by_ip ON ceremonies (client_ip, expires_at);
      CREATE INDEX ceremonies_by_expiry ON ceremonies (expires_at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1).version;

/** Applies the migrations this database lacks. @param {import('./db.mjs').Database} db */
export async function migrate(db) {
  await db.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock(727274)');
    await q('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await q('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
    const current = Number(rows[0].version);
    if (current > SCHEMA_VERSION) throw new Error(`database schema version ${current} is newer than this demo (${SCHEMA_VERSION})`);
    for (const m of MIGRATIONS.filter((x) => x.version > current)) {
      for (const statement of m.sql.split(';').map((s) => s.trim()).filter(Boolean)) await q(statement);
      await q('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
  });
}
