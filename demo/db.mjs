// One SQL interface over two engines, so the demo's store runs the same SQL on both:
// - embedded PGlite (PostgreSQL compiled to WASM) persisted to a data directory: the default,
//   nothing to install;
// - a real PostgreSQL (DEMO_DATABASE_URL=postgres://…, client `pg`): what several RP instances share.
// Both give `query(sql, params) → { rows, rowCount }` and `transaction(fn)`, where fn gets the same
// `query` bound to one connection inside BEGIN … COMMIT (ROLLBACK when fn throws).
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A start-up failure that names the database or directory it is about. */
export class DatabaseOpenError extends Error {}

/**
 * @param {{ url?: string, dataDir?: string }} where  url wins when both are given; neither = in memory
 * @returns {Promise<Database>}
 * @typedef {{ rows: any[], rowCount: number }} QueryResult
 * @typedef {(sql: string, params?: unknown[]) => Promise<QueryResult>} Query
 * @typedef {{ engine: string, label: string, query: Query,
 *   transaction: <T>(fn: (q: Query) => Promise<T>) => Promise<T>, close: () => Promise<void> }} Database
 */
export async function openDatabase(where = {}) {
  if (where.url) return openPostgres(where.url);
  return openPglite(where.dataDir);
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, for messages and logs. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

async function openPostgres(url) {
  const label = redactUrl(url);
  const { default: pg } = await import('pg');
  // Counters are bigint (int8) columns holding 0..2^32-1: safe as JS numbers.
  pg.types.setTypeParser(20, (text) => Number(text));
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  try {
    (await pool.query('SELECT 1')).rows;
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(`cannot connect to the database ${label}: ${e.message}`);
  }
  const query = async (sql, params = []) => normalize(await pool.query(sql, params));
  async function transaction(fn) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(async (sql, params = []) => normalize(await client.query(sql, params)));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
  return { engine: 'postgres', label, query, transaction, close: () => pool.end() };
}

async function openPglite(dataDir) {
  const label = dataDir ?? '(in memory)';
  const release = dataDir ? await lockDataDir(dataDir) : async () => {};
  const { PGlite } = await import('@electric-sql/pglite');
  let db;
  try {
    db = new PGlite(dataDir);
    await db.waitReady;
  } catch (e) {
    await release();
    throw new DatabaseOpenError(`cannot open the PGlite data directory ${label}: ${e?.message ?? e}`);
  }
  const query = async (sql, params = []) => normalize(await db.query(sql, params));
  // PGlite is one connection: its transaction() queues everything else until this one ends.
  const transaction = (fn) => db.transaction((tx) => fn(async (sql, params = []) => normalize(await tx.query(sql, params))));
  const close = async () => {
    await db.close();
    await release();
  };
  return { engine: 'pglite', label, query, transaction, close };
}

function normalize(result) {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? 0 };
}

/**
 * PGlite is single-process: two processes on one directory would corrupt it. A lock file holding
 * the owner's pid refuses a second one with a clear message; a stale lock (its pid is gone, e.g.
 * after kill -9) is taken over.
 */
async function lockDataDir(dataDir) {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (e) {
    throw new DatabaseOpenError(`cannot create the data directory ${dataDir}: ${e.message}`);
  }
  const lockFile = join(dataDir, 'demo.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw new DatabaseOpenError(`cannot use the data directory ${dataDir}: ${e.message}`);
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseOpenError(`the data directory ${dataDir} is in use by process ${owner} (one demo process per PGlite directory; use DEMO_DATABASE_URL for several)`);
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new DatabaseOpenError(`cannot lock the data directory ${dataDir}`);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
