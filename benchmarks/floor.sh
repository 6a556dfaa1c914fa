#!/usr/bin/env bash
# One socket operation against its floors, in one run: no agent, the LD_PRELOAD shim (setsockopt in
# C, no read-back), the application setting the sizes through the JDK itself ("app-sets") and each
# agent build given. ROUNDS interleaved rounds of N operations (best of 5 loops after 3 warm-ups);
# prints per configuration the median ns per operation and the medians of the per-round ratios to no
# agent and to the shim. Information for issue 14's per-socket goals, not a timed test.
#
#   benchmarks/floor.sh ROUNDS N KIND NAME=AGENT_JAR ...     e.g.
#   benchmarks/floor.sh 15 10000 udp-channel before=/tmp/old/sockbuf-agent.jar after=agent/target/sockbuf-agent.jar
# KIND: udp-channel (DatagramChannel open+close), udp-socket (DatagramSocket), tcp-socket (java.net
# connect+accept+close), tcp-channel (SocketChannel), churn-mixed (64 threads, each NIO
# connect+accept+close and a UDP open+close per operation; N per thread), option-nodelay-socket,
# option-nodelay-channel, option-rcvbuf-socket, option-rcvbuf-channel (the application's own
# setOption on a connected socket, which the agent hooks; app-sets runs the same loop). JAVA (default JDK 17); agents get
# -Dsockbuf.recv=8192 -Dsockbuf.send=8192. Each agent jar keeps its own file name (its
# Boot-Class-Path names itself): put each build in its own folder.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAVA=${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
ROUNDS=$1 N=$2 KIND=$3
shift 3
case $KIND in
    udp-*) MAIN=UdpOpenClose ;;
    tcp-*) MAIN=TcpConnectAccept ;;
    churn-*) MAIN=ChurnLoop ;;
    option-*) MAIN=SetOptionLoop ;;
    *) echo "KIND is udp-channel, udp-socket, tcp-socket, tcp-channel, churn-mixed or option-{nodelay,rcvbuf}-{socket,channel}, not $KIND" >&2; exit 2 ;;
esac
WHAT=${KIND#*-}
CLASSES=$BENCH_DIR/target/classes
[[ -f "$CLASSES/io/sockbuf/bench/$MAIN.class" ]] || { echo "build the benchmarks first: ./mvnw -f benchmarks/pom.xml -q -B package" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
gcc -O2 -Wall -shared -fPIC -o "$TMP/shim.so" "$BENCH_DIR/shim/setsockopt_shim.c" -ldl
run() { "$JAVA" "${@:2}" -cp "$CLASSES" "io.sockbuf.bench.$MAIN" "$1" "$N" 2>/dev/null; }
names="none shim app-sets"
for config in "$@"; do names="$names ${config%%=*}"; done
for ((round = 1; round <= ROUNDS; round++)); do
    row="$(run "$WHAT") $(LD_PRELOAD=$TMP/shim.so run "$WHAT") $(run "$WHAT-sets")"
    for config in "$@"; do row="$row $(run "$WHAT" -javaagent:"${config#*=}" -Dsockbuf.recv=8192 -Dsockbuf.send=8192)"; done
    echo "$row" >>"$TMP/rows"
done
echo "$MAIN $WHAT, $ROUNDS rounds of $N; $("$JAVA" -version 2>&1 | sed -n 2p); load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v names="$names" '
    function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
                                       return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { for (c = 1; c <= NF; c++) v[NR, c] = $c }
    END { k = split(names, name, " ")
          printf "%-12s %10s %8s %8s\n", "config", "ns/op", "/none", "/shim"
          for (c = 1; c <= k; c++) { for (r = 1; r <= NR; r++) { a[r] = v[r, c]; b[r] = v[r, c] / v[r, 1]; s[r] = v[r, c] / v[r, 2] }
              printf "%-12s %10.0f %8.3f %8.3f\n", name[c], median(a, NR), median(b, NR), median(s, NR) } }' "$TMP/rows"
