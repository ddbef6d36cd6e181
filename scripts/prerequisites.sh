# Sourced by dev.sh, test.sh and .ci/run: makes sure pnpm, the dependencies, MariaDB (or
# MySQL) and Redis are there and running, installing what is missing on Debian/Ubuntu.
# Services already listening (a local install, `docker compose up mysql redis`) are used as they are.

MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${MYSQL_PORT:-3306}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() {
  local name=$1 host=$2 port=$3
  for _ in $(seq 1 60); do
    listening "$host" "$port" && return 0
    sleep 1
  done
  echo "$name did not start listening on $host:$port" >&2
  return 1
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "Please install: $* (or start them with: docker compose up -d mysql redis)" >&2
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq && APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_node_tools() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
    return 1
  fi
  if ! command -v pnpm >/dev/null; then
    say "installing pnpm"
    npm install -g pnpm@10 >/dev/null 2>&1
  fi
  say "installing dependencies"
  pnpm install --frozen-lockfile --reporter=silent
}

ensure_redis() {
  listening "$REDIS_HOST" "$REDIS_PORT" && return 0
  command -v redis-server >/dev/null || { say "installing Redis"; apt_install redis-server; }
  say "starting Redis"
  redis-server --daemonize yes --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  wait_for_port Redis "$REDIS_HOST" "$REDIS_PORT"
}

ensure_mariadb() {
  listening "$MYSQL_HOST" "$MYSQL_PORT" && return 0
  local fresh=
  if [ ! -x /usr/sbin/mariadbd ]; then
    say "installing MariaDB"
    apt_install mariadb-server
    fresh=1
  fi
  say "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for_port MariaDB "$MYSQL_HOST" "$MYSQL_PORT"
  if [ -n "$fresh" ]; then
    # Debian's root logs in through the unix socket only; the apps connect over TCP as root
    # with an empty password, as on a developer machine. Never do this on a shared server.
    mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;"
  fi
}

# Headless Chromium for the simulator's browser test (Debian's package; Playwright's own download
# is not used).
ensure_chromium() {
  # A colour emoji font too, so screenshots show what WhatsApp shows rather than empty boxes.
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && { [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || ! command -v apt-get >/dev/null || apt_install fonts-noto-color-emoji || true; } && return 0
  say "installing Chromium (browser tests)"
  apt_install chromium fonts-noto-color-emoji
}

# Python 3 with numpy, pandas and scikit-learn (Debian's packages), for the library's tests that run
# the python, pandas and machine-learning solutions. The tests use $PYTHON, else the first python3
# that has them.
ensure_python_science() {
  local candidate
  for candidate in "${PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$candidate" ] && "$candidate" -c 'import numpy, pandas, sklearn' 2>/dev/null && return 0
  done
  say "installing python3 with numpy, pandas and scikit-learn (library tests)"
  apt_install python3 python3-numpy python3-pandas python3-sklearn
}

ensure_prerequisites() {
  ensure_node_tools && ensure_redis && ensure_mariadb
}
