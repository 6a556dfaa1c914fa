#!/usr/bin/env bash
# Side by side, in one run: no agent, the LD_PRELOAD shim (the floor: two setsockopt calls per new
# socket in C), an empty Java agent (premain returns; same manifest shape as sockbuf's) and sockbuf.
# Ratios, not absolute times, are the result: this machine is shared and noisy.
#
#   per connection  JMH (ConnectionBenchmark's four single-thread benchmarks and ChurnBenchmark,
#                   64 threads of mixed TCP/UDP), each benchmark run once per configuration per
#                   round, the configurations' order rotating from one benchmark and round to the next
#   startup         HelloOneConnection (hello world + 1 loopback connection), the same through NIO channels
#                   (NioHelloOneConnection: the first channel listener's setup) and NettyStartup (a Netty 4.1
#                   NIO server, launch -> listening -> halt), RUNS interleaved rounds of all configurations,
#                   rotating order; wall and CPU (user+sys, all threads, from wait4's rusage) per process
#
# Called by run.sh (which appends the report to results/latest.md); runs on its own too:
#   benchmarks/baselines.sh            # agent and benchmarks jars must be built (run.sh does that)
# Environment (all optional):
#   JMH_JDKS="17 11 21 25"   JDKs for the per-connection part (missing ones are skipped; "" skips the part)
#   STARTUP_JDKS="17"        JDKs for the two startup parts ("" skips them)
#   ROUNDS=1                 JMH rounds (each: every benchmark once per configuration)
#   RUNS=21                  startup rounds for HelloOneConnection; NETTY_RUNS=15 for NettyStartup
#   BASE_JMH_OPTS="-wi 2 -w 1s -i 8 -r 500ms -f 1"   (score = median of the measurement iterations)
#   AGENT_JAR (default agent/target/sockbuf-agent.jar), RECV / SEND (8192)
#   BEFORE_JAR               another build of sockbuf-agent.jar (e.g. main's) measured side by side as the
#                            startup configuration "sockbuf-before": before/after ratios from the same run
#   OUT (default benchmarks/results/baselines.md)
#   JDK11 JDK17 JDK21 JDK25  JDK homes (JDK 21: scripts/install-jdk21.sh installs it into .cache/jdk-21)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JMH_JDKS=${JMH_JDKS-17 11 21 25}
STARTUP_JDKS=${STARTUP_JDKS-17}
ROUNDS=${ROUNDS:-1}
RUNS=${RUNS:-21}
NETTY_RUNS=${NETTY_RUNS:-15}
BASE_JMH_OPTS=${BASE_JMH_OPTS:--wi 2 -w 1s -i 8 -r 500ms -f 1}
RECV=${RECV:-8192}
SEND=${SEND:-8192}
AGENT_SRC=${AGENT_JAR:-$ROOT/agent/target/sockbuf-agent.jar}
OUT=${OUT:-$BENCH_DIR/results/baselines.md}
BENCH_JAR=$BENCH_DIR/target/benchmarks.jar
BENCH_CLASSES=$BENCH_DIR/target/classes
RAW=${RAW:-$BENCH_DIR/results/raw/baselines}

declare -A JDK_HOME=(
    [11]=${JDK11:-$ROOT/.cache/jdk-11/usr/lib/jvm/java-11-openjdk-amd64}
    [17]=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
    [21]=${JDK21:-$ROOT/.cache/jdk-21/usr/lib/jvm/java-21-openjdk-amd64}
    [25]=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
)

log() { printf '[baselines.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[baselines.sh] ERROR: %s\n' "$*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

[[ -f "$BENCH_JAR" ]] || die "no $BENCH_JAR: build it (./mvnw -f benchmarks/pom.xml -q -B package) or use run.sh"
[[ -f "$AGENT_SRC" ]] || die "no agent jar at $AGENT_SRC"
command -v gcc >/dev/null || die "gcc is needed for the shim (apt-get install -y gcc)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
case "$TMP" in *' '*) die "the temp dir must not contain spaces: $TMP" ;; esac
rm -rf "$RAW"
mkdir -p "$RAW" "$TMP/agent" "$TMP/empty" "$(dirname "$OUT")"

# ---- build: shim, measure, empty agent; a private copy of the agent jar (same file name) -------
SHIM=$TMP/libsetsockopt_shim.so
MEASURE=$TMP/measure
gcc -O2 -Wall -shared -fPIC -o "$SHIM" "$BENCH_DIR/shim/setsockopt_shim.c" -ldl || die "shim build failed"
gcc -O2 -Wall -o "$MEASURE" "$BENCH_DIR/shim/measure.c" || die "measure build failed"
EMPTY_JAR=$TMP/empty/sockbuf-empty-agent.jar
"${JDK_HOME[17]}/bin/jar" cfm "$EMPTY_JAR" "$BENCH_DIR/empty-agent/MANIFEST.MF" \
    -C "$BENCH_CLASSES" io/sockbuf/bench/emptyagent || die "empty agent jar failed"
AGENT=$TMP/agent/sockbuf-agent.jar
cp "$AGENT_SRC" "$AGENT"
BEFORE=
if [[ -n "${BEFORE_JAR:-}" ]]; then
    mkdir -p "$TMP/before"
    BEFORE=$TMP/before/sockbuf-agent.jar # same file name: the manifest's Boot-Class-Path must find it
    cp "$BEFORE_JAR" "$BEFORE"
fi
AGENT_SHA=$(sha256sum "$AGENT" | cut -c1-16)
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- agent 2>/dev/null || GIT_REV="$GIT_REV (agent/ has uncommitted changes)"

CONFIGS=(none shim empty sockbuf)
# Per connection also "app-sets": no agent, the benchmark itself sets the sizes through the JDK's
# API where the agent does (ConnectionBenchmark.APP_RECV): the floor of any agent working through it.
JMH_CONFIGS=(none shim app-sets empty sockbuf)
# config_env CONFIG: environment prefix (env ... ) for that configuration
config_env() { if [[ $1 == shim ]]; then echo "LD_PRELOAD=$SHIM"; else echo "SOCKBUF_BASELINE=$1"; fi; }
# config_args CONFIG: JVM arguments for that configuration
config_args() {
    case $1 in
        empty) echo "-javaagent:$EMPTY_JAR" ;;
        app-sets) echo "-Dbench.appRecv=$RECV -Dbench.appSend=$SEND" ;;
        empty+transformer) echo "-javaagent:$EMPTY_JAR=transformer" ;;
        sockbuf) echo "-javaagent:$AGENT -Dsockbuf.recv=$RECV -Dsockbuf.send=$SEND" ;;
        sockbuf-before) echo "-javaagent:$BEFORE -Dsockbuf.recv=$RECV -Dsockbuf.send=$SEND" ;;
        *) echo "" ;;
    esac
}

have_jdk() { [[ -n "${JDK_HOME[$1]:-}" && -x "${JDK_HOME[$1]}/bin/java" ]] && "${JDK_HOME[$1]}/bin/java" -version >/dev/null 2>&1; }

# ---- proof that each configuration does what it says (sizes the kernel reports) -----------------
PROOF=$TMP/proof.md
: >"$PROOF"
for c in "${CONFIGS[@]}"; do
    # shellcheck disable=SC2046
    sizes=$(env $(config_env "$c") "${JDK_HOME[17]}/bin/java" $(config_args "$c") -cp "$BENCH_CLASSES" io.sockbuf.bench.SizeProbe 2>"$RAW/probe-$c.err") ||
        die "SizeProbe failed for $c: $(cat "$RAW/probe-$c.err")"
    printf -- '- %s: new Socket / DatagramChannel report `%s`\n' "$c" "$sizes" >>"$PROOF"
done

median() { sort -g | awk '{ x[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print x[(NR + 1) / 2]; else print (x[NR / 2] + x[NR / 2 + 1]) / 2 }'; }

# ---- per connection (JMH) -----------------------------------------------------------------------
BENCHES=(ConnectionBenchmark.socketConnectAcceptClose ConnectionBenchmark.channelConnectAcceptClose
    ConnectionBenchmark.datagramSocketOpenClose ConnectionBenchmark.datagramChannelOpenClose ChurnBenchmark.mixedTcpUdp)
read -r -a JMH_ARGS <<<"$BASE_JMH_OPTS"
JMH_TSV=$RAW/jmh.tsv
printf 'jdk\tbenchmark\tround\tconfig\tmedian_iteration\tjmh_mean\tunit\tload1\n' >"$JMH_TSV"
JMH_DONE=()
JMH_LOAD_START=$(load)
for v in $JMH_JDKS; do
    have_jdk "$v" || { log "JDK $v not usable at ${JDK_HOME[$v]:-?}: skipped (per connection)"; continue; }
    JMH_DONE+=("$v")
    rot=0
    for ((r = 1; r <= ROUNDS; r++)); do
        for b in "${BENCHES[@]}"; do
            for ((k = 0; k < ${#JMH_CONFIGS[@]}; k++)); do
                c=${JMH_CONFIGS[$(((k + rot) % ${#JMH_CONFIGS[@]}))]}
                extra=()
                args=$(config_args "$c")
                [[ -n "$args" ]] && extra=(-jvmArgsAppend "$args")
                f=$RAW/jmh-jdk$v-$b-r$r-$c
                log "JMH JDK $v $b round $r: $c"
                # shellcheck disable=SC2046
                env $(config_env "$c") "${JDK_HOME[$v]}/bin/java" -jar "$BENCH_JAR" "${b//./\\.}\$" "${JMH_ARGS[@]}" "${extra[@]}" \
                    -foe true -rf json -rff "$f.json" >"$f.log" 2>&1 || { tail -30 "$f.log" >&2; die "JMH failed: $f.log"; }
                if [[ $c == sockbuf ]]; then grep -q '^\[sockbuf\]' "$f.log" || die "no agent output in $f.log"; fi
                # Score: the median of the measurement iterations, not JMH's mean: on a shared machine one
                # preempted iteration moves the mean by more than the effect measured. The mean is kept too.
                python3 - "$f.json" "$v" "$b" "$r" "$c" "$(cut -d' ' -f1 /proc/loadavg)" >>"$JMH_TSV" <<'PY'
import json, statistics, sys
path, v, b, r, c, load = sys.argv[1:]
metric = json.load(open(path))[0]["primaryMetric"]
iterations = [x for fork in metric["rawData"] for x in fork]
print("\t".join([v, b, r, c, "%.4f" % statistics.median(iterations), "%.4f" % metric["score"], metric["scoreUnit"], load]))
PY
            done
            rot=$((rot + 1))
        done
    done
done
JMH_LOAD_END=$(load)

# ---- startup ------------------------------------------------------------------------------------
START_TSV=$RAW/startup.tsv
printf 'program\tjdk\tround\tconfig\twall_us\tcpu_us\trss_kib\tload1\n' >"$START_TSV"
# startup PROGRAM MAINCLASS CLASSPATH EXPECTED_LINE_REGEX RUNS CONFIGS...
startup() {
    local program=$1 main=$2 cp=$3 expect=$4 runs=$5 v=$6; shift 6
    local confs=("$@") r k c f
    log "startup $program JDK $v: 1 warm-up round, then $runs rounds of ${confs[*]}"
    for ((r = 0; r <= runs; r++)); do
        for ((k = 0; k < ${#confs[@]}; k++)); do
            c=${confs[$(((k + r) % ${#confs[@]}))]}
            f=$RAW/startup-$program-jdk$v-$c
            # shellcheck disable=SC2046
            env $(config_env "$c") "$MEASURE" "${JDK_HOME[$v]}/bin/java" $(config_args "$c") -cp "$cp" "$main" \
                >"$f.out" 2>"$f.err" 3>"$TMP/m" || die "measure failed"
            read -r wall cpu rss code <"$TMP/m"
            [[ $code == 0 ]] && grep -Eq "$expect" "$f.out" || { cat "$f.out" "$f.err" >&2; die "startup $program $c failed (exit $code)"; }
            if [[ $c == sockbuf* ]]; then grep -q '^\[sockbuf\]' "$f.err" || die "startup $program: no agent output"; fi
            ((r == 0)) || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$program" "$v" "$r" "$c" "$wall" "$cpu" "$rss" "$(cut -d' ' -f1 /proc/loadavg)" >>"$START_TSV"
        done
    done
}
START_LOAD_START=$(load)
START_DONE=()
for v in $STARTUP_JDKS; do
    have_jdk "$v" || { log "JDK $v not usable: skipped (startup)"; continue; }
    START_DONE+=("$v")
    startup hello io.sockbuf.bench.HelloOneConnection "$BENCH_CLASSES" '^hello$' "$RUNS" "$v" none empty sockbuf shim empty+transformer ${BEFORE:+sockbuf-before}
    startup nio-hello io.sockbuf.bench.NioHelloOneConnection "$BENCH_CLASSES" '^hello$' "$RUNS" "$v" none empty sockbuf ${BEFORE:+sockbuf-before}
    startup netty io.sockbuf.bench.NettyStartup "$BENCH_JAR" '^listening [0-9]+$' "$NETTY_RUNS" "$v" none empty sockbuf empty+transformer ${BEFORE:+sockbuf-before}
done
START_LOAD_END=$(load)

# ---- report -------------------------------------------------------------------------------------
jmh_median() { # jdk bench config
    awk -F'\t' -v v="$1" -v b="$2" -v c="$3" 'NR > 1 && $1 == v && $2 == b && $4 == c { print $5 }' "$JMH_TSV" | median
}
st_median() { # program jdk config column(5 wall, 6 cpu)
    awk -F'\t' -v p="$1" -v v="$2" -v c="$3" -v col="$4" 'NR > 1 && $1 == p && $2 == v && $4 == c { print $col }' "$START_TSV" | median
}
st_paired() { # program jdk configA configB column: median over rounds of (B - A)
    awk -F'\t' -v p="$1" -v v="$2" -v a="$3" -v b="$4" -v col="$5" \
        'NR > 1 && $1 == p && $2 == v && $4 == a { A[$3] = $col } NR > 1 && $1 == p && $2 == v && $4 == b { B[$3] = $col }
         END { for (r in A) if (r in B) print B[r] - A[r] }' "$START_TSV" | median
}
ms() { awk -v x="$1" 'BEGIN { if (x == "NA") print "n/a"; else printf "%.1f", x / 1000 }'; }
sms() { awk -v x="$1" 'BEGIN { if (x == "NA") print "n/a"; else printf "%+.1f", x / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || a == 0) print "n/a"; else printf "%.3f", b / a }'; }

{
    echo "## Baselines side by side: no agent, LD_PRELOAD shim, empty agent, sockbuf"
    echo
    echo "- generated by benchmarks/baselines.sh on $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), Linux $(uname -r)"
    echo "- sockbuf: copy of $AGENT_SRC (sha256 $AGENT_SHA…), repository at $GIT_REV; -Dsockbuf.recv=$RECV -Dsockbuf.send=$SEND, default log level"
    echo "- shim: benchmarks/shim/setsockopt_shim.c (gcc -O2, LD_PRELOAD): SO_RCVBUF and SO_SNDBUF ($RECV) on every new AF_INET/AF_INET6 stream or datagram socket, no read-back"
    echo "- empty agent: premain returns; same manifest shape as sockbuf's (Boot-Class-Path to itself, Can-Retransform/Redefine); empty+transformer: the same jar with the argument \`transformer\`, premain registers one retransform-capable ClassFileTransformer that returns null (the cost of having any transformer registered)"
    echo "- what each configuration did to a new socket (SizeProbe, JDK 17; Linux reports twice the request):"
    cat "$PROOF"
    echo
    if ((${#JMH_DONE[@]})); then
        echo "### Per connection (JMH; ratio to no agent, and sockbuf to the shim and to the application setting the sizes itself)"
        echo
        echo "JMH \`$BASE_JMH_OPTS\`, $ROUNDS round(s); each score is the median of a run's measurement iterations, then the median over rounds; single-thread benchmarks in µs/op (lower is better), ChurnBenchmark (64 threads) in ops/ms (higher is better, so its ratios are throughput ratios). Load average during this part: $JMH_LOAD_START at start, $JMH_LOAD_END at end (per-run load in ${RAW#"$ROOT"/}/jmh.tsv)."
        echo
        echo "| JDK | benchmark | no agent | shim | app sets | empty agent | sockbuf | shim / none | app sets / none | empty / none | sockbuf / none | sockbuf / shim | sockbuf / app sets |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for v in "${JMH_DONE[@]}"; do
            for b in "${BENCHES[@]}"; do
                n=$(jmh_median "$v" "$b" none); s=$(jmh_median "$v" "$b" shim); e=$(jmh_median "$v" "$b" empty); a=$(jmh_median "$v" "$b" sockbuf)
                p=$(jmh_median "$v" "$b" app-sets)
                unit=$(awk -F'\t' -v b="$b" 'NR > 1 && $2 == b { print $7; exit }' "$JMH_TSV")
                printf '| %s | %s (%s) | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |\n' "$v" "${b#*.}" "$unit" "$n" "$s" "$p" "$e" "$a" \
                    "$(ratio "$n" "$s")" "$(ratio "$n" "$p")" "$(ratio "$n" "$e")" "$(ratio "$n" "$a")" "$(ratio "$s" "$a")" "$(ratio "$p" "$a")"
            done
        done
        echo
    fi
    if ((${#START_DONE[@]})); then
        echo "### Startup (interleaved rounds, rotating order; medians; CPU = user+sys of all threads from wait4)"
        echo
        echo "Load average during this part: $START_LOAD_START at start, $START_LOAD_END at end. \"paired\" = median over rounds of the difference within a round (robust to drift in machine load)."
        echo
        echo "| program | JDK | config | runs | wall ms (median) | CPU ms (median) | wall vs none | CPU vs none | wall vs empty agent, paired | CPU vs empty agent, paired | CPU / empty agent |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for v in "${START_DONE[@]}"; do
            for p in hello nio-hello netty; do
                if [[ $p == hello ]]; then confs=(none shim empty empty+transformer ${BEFORE:+sockbuf-before} sockbuf); n_runs=$RUNS; label="HelloOneConnection"
                elif [[ $p == nio-hello ]]; then confs=(none empty ${BEFORE:+sockbuf-before} sockbuf); n_runs=$RUNS; label="NioHelloOneConnection"; else confs=(none empty empty+transformer ${BEFORE:+sockbuf-before} sockbuf); n_runs=$NETTY_RUNS; label="NettyStartup (4.1, NIO)"; fi
                w0=$(st_median $p "$v" none 5); c0=$(st_median $p "$v" none 6); ce=$(st_median $p "$v" empty 6)
                for c in "${confs[@]}"; do
                    w=$(st_median $p "$v" "$c" 5); cp=$(st_median $p "$v" "$c" 6)
                    dw=$(awk -v a="$w0" -v b="$w" 'BEGIN { print b - a }'); dc=$(awk -v a="$c0" -v b="$cp" 'BEGIN { print b - a }')
                    if [[ $c == sockbuf* || $c == empty+transformer ]]; then
                        pw="$(sms "$(st_paired $p "$v" empty "$c" 5)") ms"; pc="$(sms "$(st_paired $p "$v" empty "$c" 6)") ms"; rc="×$(ratio "$ce" "$cp")"
                    else pw="–"; pc="–"; rc="–"; fi
                    printf '| %s | %s | %s | %s | %s | %s | %s ms | %s ms | %s | %s | %s |\n' "$label" "$v" "$c" "$n_runs" "$(ms "$w")" "$(ms "$cp")" \
                        "$(sms "$dw")" "$(sms "$dc")" "$pw" "$pc" "$rc"
                done
            done
        done
        echo
        if [[ -n "$BEFORE" ]]; then
            echo "sockbuf (this build) against sockbuf-before ($BEFORE_JAR, sha256 $(sha256sum "$BEFORE" | cut -c1-16)…), same rounds:"
            echo
            for v in "${START_DONE[@]}"; do
                for p in hello nio-hello netty; do
                    b=$(st_median $p "$v" sockbuf-before 6); a=$(st_median $p "$v" sockbuf 6); e=$(st_median $p "$v" empty 6)
                    echo "- $p, JDK $v: CPU paired $(sms "$(st_paired $p "$v" sockbuf-before sockbuf 6)") ms, wall paired $(sms "$(st_paired $p "$v" sockbuf-before sockbuf 5)") ms; CPU medians ×$(ratio "$b" "$a") (after / before); own share over the empty agent (CPU medians) $(sms "$(awk -v x="$b" -v y="$e" 'BEGIN { print x - y }')") ms before, $(sms "$(awk -v x="$a" -v y="$e" 'BEGIN { print x - y }')") ms after"
                done
            done
            echo
        fi
    fi
    echo "Raw data: ${RAW#"$ROOT"/}/ (jmh.tsv, startup.tsv, every JMH log and startup output; git-ignored)."
} >"$OUT"
cat "$OUT"
log "report written to $OUT"
