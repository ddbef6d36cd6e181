#!/usr/bin/env bash
# Installs what `pnpm bench`'s `reference` part needs (the original Flask bot, bench/reference/flask_bot.py):
# Debian's Flask, Flask-SQLAlchemy, PyMySQL and gunicorn, run with Debian's /usr/bin/python3 (not
# a pyenv or virtualenv python3 that may come first on PATH). Does nothing when they are there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh

if [ -x /usr/bin/gunicorn ] && /usr/bin/python3 -c 'import flask, flask_sqlalchemy, pymysql' 2>/dev/null; then
  say "the Flask reference's packages are already installed"
  exit 0
fi
packages="python3-flask python3-flask-sqlalchemy python3-pymysql gunicorn"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "Please install Debian's $packages (as root: apt-get install -y $packages)" >&2
  exit 1
fi
say "installing Flask, Flask-SQLAlchemy, PyMySQL and gunicorn (Debian packages)"
# shellcheck disable=SC2086
apt_install $packages
/usr/bin/python3 -c 'import flask, flask_sqlalchemy, pymysql'
say "done: pnpm bench --only=reference"
