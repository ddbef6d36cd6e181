/**
 * Knex's mysql2 connection settings for a URL, as every app connects: dates read and written in UTC
 * (so the rolling quota window means the same on every host), utf8mb4, big numbers kept exact.
 */
export function mysqlSettings(databaseUrl: string, database: string | undefined) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...(database === undefined ? {} : { database }),
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
  };
}
