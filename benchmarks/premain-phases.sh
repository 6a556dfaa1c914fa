#!/usr/bin/env bash
# Where sockbuf's start goes, without patching the agent: runs HelloOneConnection N times with
# -Xlog:class+load (nanosecond uptime) and reads phase boundaries off the first load of marker
# classes (each phase begins when its first class is loaded). Prints the median of each phase in
# ms, and how many classes premain loaded from the CDS archive, from the agent jar and from the
# JDK's modules file (jrt:, i.e. not in the archive).
#
#   benchmarks/premain-phases.sh [N=15]     JAVA=... (default JDK 17) AGENT_JAR=... (default agent/target)
# Information only: phase boundaries are class loads, so a phase includes the loading and
# initialisation of its own classes; the log writer thread runs concurrently.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
N=${1:-15}
JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
AGENT_JAR=${AGENT_JAR:-$ROOT/agent/target/sockbuf-agent.jar}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/agent"
cp "$AGENT_JAR" "$TMP/agent/sockbuf-agent.jar"

# phase name = the class whose first load starts it
MARKERS=(io.sockbuf.agent.SockbufAgent io.sockbuf.agent.config.SettingsReader io.sockbuf.agent.log.Log
    io.sockbuf.agent.proc.JvmOptions io.sockbuf.agent.log.KernelLimits io.sockbuf.agent.log.SocketEvents
    io.sockbuf.agent.bridge.SocketSizer io.sockbuf.agent.install.HookInstaller io.sockbuf.agent.Agent\$ExitSummary
    io.sockbuf.bench.HelloOneConnection)
NAMES=("premain entry, boot-class-path check" "settings (system properties, environment, agent arguments)" "log sink (queue, writer thread)"
    "JVM option checks" "kernel limits (/proc/sys)" "socket log, startup lines" "sizer configure"
    "hook installer (triggers, SocketChannelImpl, native-library class; the other socket classes wait for their first socket)" "exit-summary hook, state published, JMX, then the launcher's app loader")
: >"$TMP/phases"
for ((i = 1; i <= N; i++)); do
    "$JAVA" -javaagent:"$TMP/agent/sockbuf-agent.jar" -Dsockbuf.recv=8192 -Dsockbuf.send=8192 \
        -Xlog:class+load=info:file="$TMP/cl.log":uptimenanos -cp "$BENCH_DIR/target/classes" io.sockbuf.bench.HelloOneConnection >/dev/null 2>&1
    awk -v markers="${MARKERS[*]}" '
        BEGIN { n = split(markers, m, " ") }
        { t = substr($1, 2) + 0; if (!($2 in first)) first[$2] = t }
        END { line = ""; for (i = 1; i < n; i++) line = line sprintf("%.3f ", (first[m[i + 1]] - first[m[i]]) / 1e6)
              printf "%s%.3f\n", line, (first[m[n]] - first[m[1]]) / 1e6 }' "$TMP/cl.log" >>"$TMP/phases"
done
med() { awk -v c="$1" '{ print $c }' "$TMP/phases" | sort -g | awk '{ x[NR] = $1 } END { print x[int((NR + 1) / 2)] }'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $N runs; $("$JAVA" -version 2>&1 | sed -n 2p)"
for ((i = 0; i < ${#NAMES[@]}; i++)); do printf '%8s ms  %s\n' "$(med $((i + 1)))" "${NAMES[$i]}"; done
printf '%8s ms  %s\n' "$(med $((${#NAMES[@]} + 1)))" "premain total (agent class loaded -> application main class loaded)"
awk '/io.sockbuf.agent.SockbufAgent /{on=1} /io.sockbuf.bench.HelloOneConnection/{on=0} on && /source:/ {
        if (/shared objects file/) s++; else if (/sockbuf-agent.jar/) a++; else if (/jrt:\//) j++; else o++ }
     END { printf "classes loaded in premain: %d from the CDS archive, %d from the agent jar, %d from jrt: (JDK, not archived), %d other\n", s, a, j, o }' "$TMP/cl.log"
echo "JDK classes in premain that are not in the CDS archive:"
awk '/io.sockbuf.agent.SockbufAgent /{on=1} /io.sockbuf.bench.HelloOneConnection/{on=0} on && /jrt:\// { print "  " $2 }' "$TMP/cl.log" | paste -sd' '
