#!/usr/bin/env bash
# Installs Debian's PostgreSQL server, which integration-tests (PostgresJdbcIT) starts as a
# throw-away instance (initdb into a temp dir, a free port on 127.0.0.1). Idempotent: does
# nothing when some /usr/lib/postgresql/*/bin/initdb is already there. Needs root and Debian's
# package mirror; exits non-zero when it cannot install.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-postgres: not root, cannot apt-get install postgresql" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
