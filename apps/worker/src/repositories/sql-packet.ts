import type { Knex } from 'knex';

/** One statement of a multi-statement packet. */
export interface Statement {
  sql: string;
  bindings?: readonly unknown[];
}

/** What MySQL answers for a statement that returns no rows. */
export interface ResultHeader {
  affectedRows: number;
  insertId: number;
}

export type StatementResult = Record<string, unknown>[] | ResultHeader;

/**
 * Sends several statements in one round trip (the pool is opened with `multipleStatements`; every
 * value still goes through bindings) and returns each one's result, in order. MySQL stops at the
 * first statement that fails, so a packet that opened a transaction must be followed by a ROLLBACK.
 */
export async function sendPacket(
  db: Knex,
  connection: unknown,
  statements: readonly Statement[],
): Promise<StatementResult[]> {
  const sql = statements.map((statement) => statement.sql).join(';\n');
  const bindings = statements.flatMap((statement) => statement.bindings ?? []);
  const [results] = (await db.raw(sql, bindings as Knex.RawBinding[]).connection(connection)) as [unknown];
  return statements.length === 1 ? [results as StatementResult] : (results as StatementResult[]);
}

/** `?, ?, ?` for a list of bound values. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

export function rowsOf<T>(result: StatementResult | undefined): T[] {
  return Array.isArray(result) ? (result as T[]) : [];
}

export function headerOf(result: StatementResult | undefined): ResultHeader {
  if (!result || Array.isArray(result)) throw new Error('expected a statement without rows');
  return result;
}

/** Runs `work` on one pooled connection of its own (for a transaction sent as packets). */
export async function withConnection<T>(db: Knex, work: (connection: unknown) => Promise<T>): Promise<T> {
  const connection: unknown = await db.client.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * Runs `work` on one connection of its own, whose packets open and commit a transaction themselves.
 * MySQL stops a packet at its first failing statement, so on any failure the transaction it may have
 * left open is rolled back before the connection goes back to the pool.
 */
export function inTransaction<T>(
  db: Knex,
  work: (send: (statements: readonly Statement[]) => Promise<StatementResult[]>) => Promise<T>,
): Promise<T> {
  return withConnection(db, async (connection) => {
    const send = (statements: readonly Statement[]) => sendPacket(db, connection, statements);
    try {
      return await work(send);
    } catch (error) {
      await send([{ sql: 'ROLLBACK' }]).catch(() => {});
      throw error;
    }
  });
}
