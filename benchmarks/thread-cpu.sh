#!/usr/bin/env bash
# Where an agent's start costs CPU, by thread: HelloOneConnection run ROUNDS times per configuration,
# interleaved, each with the measuring agent ThreadCpuAgent after the agent measured; prints per
# thread group the first configuration's median CPU (ms) and, for the others, the median of the
# paired differences to it (same round). Information for a change's before/after, not a timed test.
#
#   benchmarks/thread-cpu.sh ROUNDS NAME=AGENT_JAR ...      e.g.
#   benchmarks/thread-cpu.sh 151 empty=/tmp/sockbuf-empty-agent.jar before=/tmp/old/sockbuf-agent.jar after=agent/target/sockbuf-agent.jar
# MAIN (default HelloOneConnection; NioHelloOneConnection opens NIO channels instead), JAVA (default JDK 17); the agents get -Dsockbuf.recv=8192 -Dsockbuf.send=8192. An agent jar must keep
# its own file name (sockbuf-agent.jar's Boot-Class-Path names itself): put each build in its own folder.
# Groups: main (premain, main, the first sockets), C1 and C2 (compiler threads), VM (the VM thread:
# safepoint operations such as class redefinition), sockbuf (sockbuf-log, sockbuf-exit-summary),
# other (GC, launcher, reference handler, the measuring agent's own thread), total.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
MAIN=${MAIN:-HelloOneConnection}
ROUNDS=$1
shift
[[ -d "$BENCH_DIR/target/classes/io/sockbuf/bench/threadcpu" ]] || { echo "build the benchmarks first: ./mvnw -f benchmarks/pom.xml -q -B package" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
jar cfm "$TMP/thread-cpu.jar" "$BENCH_DIR/thread-cpu/MANIFEST.MF" -C "$BENCH_DIR/target/classes" io/sockbuf/bench/threadcpu
for ((round = 1; round <= ROUNDS; round++)); do
    for config in "$@"; do
        name=${config%%=*}
        "$JAVA" -javaagent:"${config#*=}" -Dsockbuf.recv=8192 -Dsockbuf.send=8192 -javaagent:"$TMP/thread-cpu.jar" \
            -cp "$BENCH_DIR/target/classes" "io.sockbuf.bench.$MAIN" 2>/dev/null | awk -v r="$round" -v n="$name" '
            $1 == "thread-cpu" {
                java = 0
                for (i = 2; i <= NF; i++) {
                    split($i, kv, "="); k = kv[1]; v = kv[2] / 1000
                    if (k == "java") { java++; g = java == 2 ? "main" : "other" }  # the launcher thread, then main
                    else if (k ~ /^C1_/) g = "C1"; else if (k ~ /^C2_/) g = "C2"; else if (k == "VM_Thread") g = "VM"
                    else if (k ~ /^sockbuf-/) g = "sockbuf"; else g = "other"
                    t[g] += v; total += v
                }
                printf "%s %d %.3f %.3f %.3f %.3f %.3f %.3f %.3f\n", n, r, t["main"], t["C1"], t["C2"], t["VM"], t["sockbuf"], t["other"], total
            }' >>"$TMP/rows"
    done
done
echo "thread-cpu.sh: $MAIN, $ROUNDS rounds, $("$JAVA" -version 2>&1 | sed -n 2p), load $(cut -d' ' -f1-3 /proc/loadavg)"
base=${1%%=*}
printf '%-12s %9s %9s %9s %9s %9s %9s %9s\n' "ms" main C1 C2 VM sockbuf other total
for config in "$@"; do
    name=${config%%=*}
    line=$(printf '%-12s' "$name")
    for col in 3 4 5 6 7 8 9; do
        if [[ $name == "$base" ]]; then
            v=$(awk -v n="$name" -v c="$col" '$1 == n { print $c }' "$TMP/rows" | sort -g | awk '{ x[NR] = $1 } END { printf "%.2f", x[int((NR + 1) / 2)] }')
        else
            v=$(awk -v n="$name" -v b="$base" -v c="$col" '$1 == b { base[$2] = $c } $1 == n { mine[$2] = $c }
                    END { for (r in mine) if (r in base) printf "%.3f\n", mine[r] - base[r] }' "$TMP/rows" \
                | sort -g | awk '{ x[NR] = $1 } END { printf "%+.2f", x[int((NR + 1) / 2)] }')
        fi
        line+=$(printf ' %9s' "$v")
    done
    echo "$line"
done
