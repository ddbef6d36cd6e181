#!/bin/bash
# Run once by the MariaDB image on an empty data directory: two users with only what they need.
# The apps read and write rows; only the one-shot migrate service changes the schema.
set -euo pipefail
mariadb -uroot -p"${MARIADB_ROOT_PASSWORD}" <<SQL
CREATE USER IF NOT EXISTS 'datadrill'@'%' IDENTIFIED BY '${DATADRILL_DB_PASSWORD}';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`datadrill\`.* TO 'datadrill'@'%';
CREATE USER IF NOT EXISTS 'datadrill_migrate'@'%' IDENTIFIED BY '${DATADRILL_MIGRATE_PASSWORD}';
GRANT ALL PRIVILEGES ON \`datadrill\`.* TO 'datadrill_migrate'@'%';
FLUSH PRIVILEGES;
SQL
# The school dashboard reads only: a user that may do nothing else, when its password is given.
if [ -n "${DATADRILL_INSIGHTS_PASSWORD:-}" ]; then
  mariadb -uroot -p"${MARIADB_ROOT_PASSWORD}" <<SQL
CREATE USER IF NOT EXISTS 'datadrill_insights'@'%' IDENTIFIED BY '${DATADRILL_INSIGHTS_PASSWORD}';
GRANT SELECT ON \`datadrill\`.* TO 'datadrill_insights'@'%';
FLUSH PRIVILEGES;
SQL
fi
