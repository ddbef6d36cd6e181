import mysql from 'mysql2';
import { mysqlSettings } from './mysql-settings.js';

export interface ReplicaEvents {
  /** The replica stopped answering: reads go to the primary until it is back. Once per outage. */
  onDown(reason: string): void;
  onUp(): void;
}

/**
 * Knex `connection` and `pool.validate` for a pool of reads that prefers a replica and falls back to
 * the primary while the replica does not answer. One connection of its own watches the replica (a
 * ping every `probeMs`, reconnecting while it is down), so the switch happens on the replica's
 * first silence, not on a reader's failure; a pooled connection to the server no longer chosen is
 * discarded the next time it is taken. A query already running on the replica when it dies fails
 * once: the worker puts its job back, the dashboard's page is asked again.
 */
export function replicaRouting(
  primaryUrl: string,
  replicaUrl: string,
  database: string,
  events: ReplicaEvents,
  probeMs = 2000,
) {
  const replica = mysqlSettings(replicaUrl, database);
  const primary = mysqlSettings(primaryUrl, database);
  let up = true;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let watcher: mysql.Connection | undefined;

  const target = () => (up ? replica : primary);
  const mark = (answers: boolean, reason = '') => {
    if (answers === up) return;
    up = answers;
    if (answers) events.onUp();
    else events.onDown(reason);
  };
  const schedule = () => {
    if (!closed) timer = setTimeout(probe, probeMs).unref();
  };
  const lost = (connection: mysql.Connection, error: Error) => {
    connection.destroy();
    if (watcher !== connection) return;
    watcher = undefined;
    mark(false, error.message || 'connection closed');
  };
  function probe() {
    if (watcher) {
      const connection = watcher;
      connection.ping((error) => {
        if (error) lost(connection, error);
        schedule();
      });
      return;
    }
    const connection = mysql.createConnection({ ...replica, connectTimeout: Math.max(probeMs, 1000) });
    connection.on('error', (error) => lost(connection, error));
    connection.on('end', () => lost(connection, new Error('the replica closed the connection')));
    connection.connect((error) => {
      if (error) {
        connection.destroy();
        mark(false, error.message);
      } else {
        watcher = connection;
        mark(true);
      }
      schedule();
    });
  }
  probe();

  return {
    /** Knex asks this for new connections' settings whenever the choice has changed (per pool). */
    connection: async () => {
      const issued = target();
      return { ...issued, expirationChecker: () => issued !== target() };
    },
    /** Keeps a pooled connection only while it is to the server reads go to now. */
    validate: (connection: { config: { host?: string; port?: number } }) =>
      connection.config.host === target().host && connection.config.port === target().port,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.removeAllListeners();
      watcher?.destroy();
    },
  };
}

export type ReplicaRouting = ReturnType<typeof replicaRouting>;
