#!/usr/bin/env bash
# Runs every test: unit tests, then the forked-JVM tests with the shaded agent jar on JDK 11, 17
# and 25. Installs JDK 11 into .cache/ first (Debian bullseye's package, unpacked, no system
# install). Prints which JDKs the forked-JVM tests really ran on; with CI=true a missing one fails.
set -euo pipefail
cd "$(dirname "$0")/.."

jdks="${TEST_JDKS:-}"
if jdk11="$(scripts/install-jdk11.sh)"; then
  jdks="$jdks $jdk11"
else
  echo "WARNING: JDK 11 could not be installed (needs root and Debian's package mirror); its tests will be SKIPPED" >&2
fi
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && jdks="$jdks /usr/lib/jvm/temurin-25-jdk-amd64"
export TEST_JDKS="$jdks"
# PostgreSQL server for integration-tests' PostgresJdbcIT (its tests skip loudly without it, and fail with CI=true).
if ! scripts/install-postgres.sh; then
  echo "WARNING: PostgreSQL could not be installed (needs root and Debian's package mirror); the PostgreSQL JDBC tests will be SKIPPED" >&2
fi

./mvnw -B clean verify

record=agent/target/forked-jdks.txt
echo "Forked-JVM tests ran on:"
missing=""
for feature in 11 17 25; do
  runs=$(grep -cx "jdk $feature" "$record" 2>/dev/null || true)
  echo "  jdk $feature: ${runs:-0} test runs"
  [ "${runs:-0}" -gt 0 ] || missing="$missing $feature"
done
it_record=integration-tests/target/forked-jdks.txt
echo "Library integration tests (integration-tests) ran on:"
for feature in 11 17 25; do
  runs=$(grep -cx "jdk $feature" "$it_record" 2>/dev/null || true)
  echo "  jdk $feature: ${runs:-0} test runs"
  [ "${runs:-0}" -gt 0 ] || missing="$missing $feature"
done
if [ -n "$missing" ]; then
  echo "WARNING: no forked-JVM test ran on JDK$missing" >&2
  [ "${CI:-}" != "true" ] || exit 1
fi
