#!/usr/bin/env bash
# Runs every test: unit tests, then the forked-JVM tests with the shaded agent jar and the library
# integration tests on JDK 11, 17, 21 and 25. Installs JDK 11 (Debian bullseye's) and JDK 21
# (Debian trixie's) into .cache/ first (unpacked, no system install), and Debian's PostgreSQL
# for the PostgreSQL JDBC tests (CI: always; elsewhere it says so first and can be skipped with
# SOCKBUF_SKIP_POSTGRES=1). Every module's tests run even when another module's fail; the closing
# summary says which JDKs the forked-JVM tests really ran on and which tests failed. Exits
# non-zero when a test failed, and with CI=true also when a JDK of the matrix is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
matrix="11 17 21 25"
# SOCKBUF_IT_JDKS narrows the forked-JVM tests to some JDKs for quick local runs; never here.
if [ -n "${SOCKBUF_IT_JDKS:-}" ]; then
  echo "SOCKBUF_IT_JDKS=$SOCKBUF_IT_JDKS is ignored: the test command runs the whole JDK matrix" >&2
  unset SOCKBUF_IT_JDKS
fi

jdks="${TEST_JDKS:-}"
if jdk11="$(scripts/install-jdk11.sh)"; then
  jdks="$jdks $jdk11"
else
  echo "WARNING: JDK 11 could not be installed (needs root and Debian's package mirror); its tests will be SKIPPED" >&2
fi
if jdk21="$(scripts/install-jdk21.sh)"; then
  jdks="$jdks $jdk21"
else
  echo "WARNING: JDK 21 could not be installed (needs root and Debian's package mirror); its tests will be SKIPPED" >&2
fi
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && jdks="$jdks /usr/lib/jvm/temurin-25-jdk-amd64"
export TEST_JDKS="$jdks"

# PostgreSQL server for integration-tests' PostgresJdbcIT (its tests skip loudly without it, and
# fail with CI=true). CI installs it; a workstation is told first and may say no.
postgres_wanted() {
  if [ "${CI:-}" = "true" ] || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    return 0
  fi
  if [ "${SOCKBUF_SKIP_POSTGRES:-}" = "1" ]; then
    echo "SOCKBUF_SKIP_POSTGRES=1: PostgreSQL is not installed; the PostgreSQL JDBC tests will be SKIPPED" >&2
    return 1
  fi
  local packages
  packages="$(apt-get -s -q install postgresql 2>/dev/null | awk '/^Inst /{printf "%s%s", sep, $2; sep=" "}')"
  echo "The PostgreSQL JDBC tests need a PostgreSQL server: this will run 'apt-get install postgresql'" >&2
  echo "as root (Debian's package${packages:+: $packages})." >&2
  echo "To skip it (those tests are then SKIPPED), run with SOCKBUF_SKIP_POSTGRES=1." >&2
  if [ -t 0 ]; then
    local answer=""
    if ! read -r -t 30 -p "Install PostgreSQL now? [Y/n] (yes in 30 s) " answer; then
      echo >&2
    fi
    case "$answer" in
      [nN]*) echo "PostgreSQL is not installed; the PostgreSQL JDBC tests will be SKIPPED" >&2; return 1 ;;
    esac
  fi
  return 0
}
if postgres_wanted && ! scripts/install-postgres.sh; then
  echo "WARNING: PostgreSQL could not be installed (needs root and Debian's package mirror); the PostgreSQL JDBC tests will be SKIPPED" >&2
fi

# --fail-at-end and maven.test.failure.ignore: a failing test in one module neither stops the
# build nor skips the modules after it (integration-tests depends on the agent module); the
# reports are read below instead.
./mvnw -B --fail-at-end -Dmaven.test.failure.ignore=true clean verify
build=$?

status=0
summary() { # $1: record file, $2: title
  echo "$2"
  local feature runs
  for feature in $matrix; do
    runs=$(grep -cx "jdk $feature" "$1" 2>/dev/null || true)
    echo "  jdk $feature: ${runs:-0} test runs"
    [ "${runs:-0}" -gt 0 ] || missing="$missing $feature"
  done
}
missing=""
summary agent/target/forked-jdks.txt "Forked-JVM tests ran on:"
summary integration-tests/target/forked-jdks.txt "Library integration tests (integration-tests) ran on:"
if [ -n "$missing" ]; then
  echo "WARNING: some forked-JVM tests did not run on JDK$(echo "$missing" | tr ' ' '\n' | sort -un | tr '\n' ' ' | sed 's/ $//')" >&2
  [ "${CI:-}" != "true" ] || status=1
fi

# Test classes with a failure or an error, from surefire's and failsafe's reports.
failed=$(awk '
  /<testsuite / {
    f = 0; e = 0
    if (match($0, / failures="[0-9]+"/)) f = substr($0, RSTART + 11, RLENGTH - 12) + 0
    if (match($0, / errors="[0-9]+"/)) e = substr($0, RSTART + 9, RLENGTH - 10) + 0
    name = FILENAME; sub(/.*\/TEST-/, "", name); sub(/\.xml$/, "", name)
    if (f + e > 0) printf "  %s: %d failed, %d errors\n", name, f, e
    nextfile
  }' */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml 2>/dev/null)
if [ -n "$failed" ]; then
  echo "FAILED tests:"
  echo "$failed"
  status=1
fi
if [ "$build" -ne 0 ]; then
  echo "FAILED: the Maven build (exit $build)"
  status=1
fi
elapsed=$((SECONDS - started))
echo "scripts/test.sh: $([ "$status" = 0 ] && echo passed || echo FAILED) in $((elapsed / 60)) min $((elapsed % 60)) s"
exit "$status"
