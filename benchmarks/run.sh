#!/usr/bin/env bash
# Measures what the sockbuf agent costs: startup, per connection, memory.
# Writes one Markdown report to benchmarks/results/latest.md (and prints it); raw logs go to
# benchmarks/results/raw/. See benchmarks/README.md for what each number means.
#
# Environment (all optional):
#   RUNS=15              startup runs per configuration (without and with the agent, interleaved)
#   JMH_OPTS="-wi 3 -w 2s -i 5 -r 2s -f 1"   JMH options for every per-connection run
#   CHURN=20000          connections opened and closed by MemoryChurn
#   CHURN_WARMUP=2000    connections before the "before" heap figure
#   SKIP_BUILD=1         do not build the agent; build the benchmarks jar only if it is missing
#   JDK11 / JDK17 / JDK25  JDK homes (defaults below); a missing JDK 11 or 25 is skipped
#   JMH_JDK=17           which of those JDKs runs the JMH part (budgets assume 17)
#   RECV=8192 SEND=8192  buffer sizes given to the agent
#   BASELINES=1          then run baselines.sh (shim, empty agent, Netty start; its own knobs) and append
#                        its report; 0 skips it
set -euo pipefail

SCRIPT_START=$(date +%s)
DATE_START=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

RUNS=${RUNS:-15}
JMH_OPTS=${JMH_OPTS:--wi 3 -w 2s -i 5 -r 2s -f 1}
CHURN=${CHURN:-20000}
CHURN_WARMUP=${CHURN_WARMUP:-2000}
RECV=${RECV:-8192}
SEND=${SEND:-8192}
JDK11=${JDK11:-$ROOT/.cache/jdk-11/usr/lib/jvm/java-11-openjdk-amd64}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JMH_JDK=${JMH_JDK:-17}

AGENT_JAR=$ROOT/agent/target/sockbuf-agent.jar
BENCH_JAR=$BENCH_DIR/target/benchmarks.jar
BENCH_CLASSES=$BENCH_DIR/target/classes
RESULTS=$BENCH_DIR/results
RAW=$RESULTS/raw
REPORT=$RESULTS/latest.md

# Budgets (JDK 17).
BUDGET_WALL_MS=100
BUDGET_CPU_MS=200
BUDGET_RSS_KIB=$((16 * 1024))
BUDGET_SLOWER_PCT=3
BUDGET_HEAP_TOLERANCE=$((256 * 1024))

BENCHMARKS=(socketConnectAcceptClose channelConnectAcceptClose datagramSocketOpenClose datagramChannelOpenClose)

log() { printf '[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[run.sh] ERROR: %s\n' "$*" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ -x "$JDK17/bin/java" ]] || die "JDK 17 not found at $JDK17 (set JDK17=...): the budgets are checked on JDK 17"

case "$TMP" in *' '*) die "the temp dir must not contain spaces (JMH splits -jvmArgsAppend on spaces): $TMP" ;; esac

rm -rf "$RAW"
mkdir -p "$RAW"

# ---------------------------------------------------------------------------------------------
# (a) build
# ---------------------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    log "SKIP_BUILD=1: using the existing agent jar"
else
    log "building the agent (./mvnw -q -B -pl agent -am package -DskipTests)"
    (cd "$ROOT" && ./mvnw -q -B -pl agent -am package -DskipTests) || die "agent build failed"
fi
[[ -f "$AGENT_JAR" ]] || die "no agent jar at $AGENT_JAR (build it, or run without SKIP_BUILD=1)"

# Measure a private copy: agent/target may be rebuilt while this script runs (another build in the
# same work tree), and a jar caught half-written has no Premain-Class. The copy keeps the name
# sockbuf-agent.jar, which the manifest's Boot-Class-Path refers to.
AGENT_SRC=$AGENT_JAR
AGENT_JAR=$TMP/agent/sockbuf-agent.jar
mkdir -p "$TMP/agent"
manifest_ok() { unzip -p "$1" META-INF/MANIFEST.MF 2>/dev/null | grep -q '^Premain-Class:'; }
for attempt in 1 2 3 4 5 6; do
    cp "$AGENT_SRC" "$AGENT_JAR"
    if ! command -v unzip >/dev/null 2>&1 || manifest_ok "$AGENT_JAR"; then break; fi
    ((attempt < 6)) || die "$AGENT_SRC has no Premain-Class in its manifest (is another build writing it?)"
    log "$AGENT_SRC has no Premain-Class yet (being rebuilt?); retrying in 5 s"
    sleep 5
done
AGENT_SHA=$(sha256sum "$AGENT_JAR" | cut -c1-16)
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git -C "$ROOT" diff --quiet HEAD -- agent 2>/dev/null; then GIT_REV="$GIT_REV (agent/ has uncommitted changes)"; fi
AGENT_ARGS=(-javaagent:"$AGENT_JAR" -Dsockbuf.recv="$RECV" -Dsockbuf.send="$SEND")

if [[ "${SKIP_BUILD:-0}" == 1 && -f "$BENCH_JAR" && -d "$BENCH_CLASSES" ]]; then
    log "SKIP_BUILD=1: using the existing benchmarks jar"
else
    log "building the benchmarks (mvnw -f benchmarks/pom.xml -q -B package)"
    (cd "$ROOT" && ./mvnw -f "$BENCH_DIR/pom.xml" -q -B package) || die "benchmarks build failed"
fi
[[ -f "$BENCH_JAR" ]] || die "no benchmarks jar at $BENCH_JAR"

# ---------------------------------------------------------------------------------------------
# Tools and machine
# ---------------------------------------------------------------------------------------------
TIME_BIN=/usr/bin/time
if [[ ! -x "$TIME_BIN" ]] && command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
    log "/usr/bin/time is missing: apt-get install -y time"
    apt-get install -y -q time >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q time >/dev/null 2>&1; } || true
fi
if [[ -x "$TIME_BIN" ]] && "$TIME_BIN" -f '%M' -o /dev/null true 2>/dev/null; then
    HAVE_TIME=1
else
    HAVE_TIME=0
    log "no GNU /usr/bin/time: CPU from bash's time keyword, peak RSS not measured"
fi

declare -A JDK_HOME=()
JDKS=()
for v in 11 17 25; do
    var=JDK$v
    home=${!var}
    if [[ -x "$home/bin/java" ]]; then
        JDK_HOME[$v]=$home
        JDKS+=("$v")
    else
        log "JDK $v not found at $home: skipped"
    fi
done

[[ -n "${JDK_HOME[$JMH_JDK]:-}" ]] || die "JMH_JDK=$JMH_JDK: that JDK was not found"
JMH_JAVA=${JDK_HOME[$JMH_JDK]}/bin/java

jdk_version() { "${JDK_HOME[$1]}/bin/java" -version 2>&1 | sed -n '2p'; }

CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
[[ -n "$CPU_MODEL" ]] || CPU_MODEL=unknown
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# Lines that mean the JVM or the agent complained; collected from every agent run into the report.
# (Case-sensitive on purpose: JMH's own "Score Error" column header must not match.)
WARN_PATTERN='WARNING|[Ww]arning:|Exception|Error:|SIGSEGV|hs_err|fatal error'
: >"$RAW/agent-warnings.txt"
collect_warnings() { # source-label file
    { grep -E "$WARN_PATTERN" "$2" || true; } | sed "s|^|$1: |" >>"$RAW/agent-warnings.txt"
}

# ---------------------------------------------------------------------------------------------
# (b) startup
# ---------------------------------------------------------------------------------------------
# measure OUT_PREFIX cmd... : runs cmd once; sets WALL_MS CPU_MS RSS_KIB; keeps stdout/stderr.
measure() {
    local prefix=$1; shift
    local t0 t1 rc=0
    t0=$(date +%s%N)
    if [[ $HAVE_TIME == 1 ]]; then
        "$TIME_BIN" -o "$TMP/time" -f '%e %U %S %M' "$@" >"$prefix.out" 2>"$prefix.err" || rc=$?
    else
        local TIMEFORMAT='%R %U %S'
        { time "$@" >"$prefix.out" 2>"$prefix.err" || rc=$?; } 2>"$TMP/time.bash"
        echo "$(cat "$TMP/time.bash") NA" >"$TMP/time"
    fi
    t1=$(date +%s%N)
    if [[ $rc != 0 ]] || ! grep -qx hello "$prefix.out"; then
        echo "---- stdout" >&2; cat "$prefix.out" >&2; echo "---- stderr" >&2; cat "$prefix.err" >&2
        die "startup run failed (exit $rc): $*"
    fi
    WALL_MS=$(( (t1 - t0) / 1000000 ))
    read -r _ user sys rss <"$TMP/time"
    CPU_MS=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 + 0.5 }')
    RSS_KIB=$rss
}

STARTUP_TSV=$RAW/startup.tsv
printf 'config\tagent\trun\twall_ms\tcpu_ms\trss_kib\n' >"$STARTUP_TSV"

# startup_config NAME JDK EXTRA_JVM_ARGS...
startup_config() {
    local name=$1 v=$2; shift 2
    local java=${JDK_HOME[$v]}/bin/java
    local plain=("$java" "$@" -cp "$BENCH_CLASSES" io.sockbuf.bench.HelloOneConnection)
    local agent=("$java" "$@" "${AGENT_ARGS[@]}" -cp "$BENCH_CLASSES" io.sockbuf.bench.HelloOneConnection)
    log "startup $name: 1 untimed warm-up pair, then $RUNS interleaved pairs"
    measure "$TMP/warm" "${plain[@]}"
    measure "$TMP/warm" "${agent[@]}"
    local i
    for ((i = 1; i <= RUNS; i++)); do
        measure "$RAW/startup-$name-without" "${plain[@]}"
        printf '%s\twithout\t%d\t%s\t%s\t%s\n' "$name" "$i" "$WALL_MS" "$CPU_MS" "$RSS_KIB" >>"$STARTUP_TSV"
        measure "$RAW/startup-$name-with" "${agent[@]}"
        printf '%s\twith\t%d\t%s\t%s\t%s\n' "$name" "$i" "$WALL_MS" "$CPU_MS" "$RSS_KIB" >>"$STARTUP_TSV"
    done
    grep -q '^\[sockbuf\]' "$RAW/startup-$name-with.err" || die "startup $name: the agent printed nothing; was it loaded?"
    collect_warnings "startup $name" "$RAW/startup-$name-with.err"
    collect_warnings "startup $name (no agent)" "$RAW/startup-$name-without.err"
}

STARTUP_CONFIGS=()
for v in "${JDKS[@]}"; do
    startup_config "jdk$v" "$v"
    STARTUP_CONFIGS+=("jdk$v")
done
startup_config "jdk17-xshare-off" 17 -Xshare:off
STARTUP_CONFIGS+=("jdk17-xshare-off")

# median CONFIG AGENT COLUMN (4 wall, 5 cpu, 6 rss)
median() {
    awk -F'\t' -v c="$1" -v a="$2" -v col="$3" 'NR > 1 && $1 == c && $2 == a { print $col }' "$STARTUP_TSV" |
        { grep -v '^NA$' || true; } | sort -g |
        awk '{ x[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print x[(NR + 1) / 2]; else print (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

# CDS check (JDK 17): how many classes come from the shared archive, without and with the agent.
cds_count() { # out-file extra-args...
    local out=$1; shift
    "$JDK17/bin/java" "$@" -Xlog:class+load=info:file="$out" -cp "$BENCH_CLASSES" io.sockbuf.bench.HelloOneConnection >/dev/null 2>&1 || true
    local shared total
    shared=$(grep -c 'shared objects file' "$out" || true)
    total=$(grep -c 'source:' "$out" || true)
    echo "$shared of $total"
}
CDS_WITHOUT=$(cds_count "$RAW/cds-without.log")
CDS_WITH=$(cds_count "$RAW/cds-with.log" "${AGENT_ARGS[@]}")

# ---------------------------------------------------------------------------------------------
# (c) per connection (JMH, JDK $JMH_JDK)
# ---------------------------------------------------------------------------------------------
read -r -a JMH_ARGS <<<"$JMH_OPTS"
JMH_AGENT_APPEND="${AGENT_ARGS[*]}"

jmh_run() { # benchmark with|without
    local b=$1 mode=$2
    local extra=()
    [[ $mode == with ]] && extra=(-jvmArgsAppend "$JMH_AGENT_APPEND")
    log "JMH $b $mode agent ($JMH_OPTS)"
    "$JMH_JAVA" -jar "$BENCH_JAR" "ConnectionBenchmark\.$b\$" "${JMH_ARGS[@]}" "${extra[@]}" \
        -foe true -rf csv -rff "$RAW/jmh-$b-$mode.csv" >"$RAW/jmh-$b-$mode.log" 2>&1 ||
        { tail -40 "$RAW/jmh-$b-$mode.log" >&2; die "JMH run failed: $b $mode agent (log: $RAW/jmh-$b-$mode.log)"; }
}

# Interleaved per benchmark, alternating which goes first, so a drift in machine load hits both.
idx=0
for b in "${BENCHMARKS[@]}"; do
    if ((idx % 2 == 0)); then jmh_run "$b" without; jmh_run "$b" with; else jmh_run "$b" with; jmh_run "$b" without; fi
    idx=$((idx + 1))
    grep -q '^\[sockbuf\] .*log level' "$RAW/jmh-$b-with.log" || die "JMH $b: no agent startup line in the forked JVM's output; was -jvmArgsAppend applied?"
    ! grep -q '^\[sockbuf\]' "$RAW/jmh-$b-without.log" || die "JMH $b: agent output in the run without the agent"
    collect_warnings "JMH $b" "$RAW/jmh-$b-with.log"
done
JMH_LOG_LEVEL=$(grep -ho 'log level [a-z]*' "$RAW"/jmh-*-with.log | sort -u | sed 's/log level //' | paste -sd, -)

jmh_field() { # csv field(5 score, 6 error)
    awk -F',' -v f="$2" 'NR == 2 { gsub(/"/, "", $f); print $f }' "$1"
}

# ---------------------------------------------------------------------------------------------
# (d) memory
# ---------------------------------------------------------------------------------------------
declare -A MEM=()
memory_run() { # jdk with|without
    local v=$1 mode=$2 extra=()
    [[ $mode == with ]] && extra=("${AGENT_ARGS[@]}")
    log "MemoryChurn JDK $v $mode agent ($CHURN connections)"
    local out=$RAW/memory-jdk$v-$mode
    "${JDK_HOME[$v]}/bin/java" "${extra[@]}" -cp "$BENCH_CLASSES" io.sockbuf.bench.MemoryChurn "$CHURN" "$CHURN_WARMUP" \
        >"$out.out" 2>"$out.err" || { cat "$out.err" >&2; die "MemoryChurn failed: JDK $v $mode agent"; }
    local key value
    while IFS='=' read -r key value; do
        MEM[$v,$mode,$key]=$value
    done <"$out.out"
    [[ $mode == with ]] && collect_warnings "MemoryChurn JDK $v" "$out.err"
    return 0
}
for v in "${JDKS[@]}"; do
    memory_run "$v" without
    memory_run "$v" with
done

# ---------------------------------------------------------------------------------------------
# (e) report
# ---------------------------------------------------------------------------------------------
kib() { awk -v b="$1" 'BEGIN { if (b == "NA" || b == "") print "n/a"; else printf "%.0f KiB", b / 1024 }'; }
kibk() { awk -v k="$1" 'BEGIN { if (k == "NA" || k == "") print "n/a"; else printf "%.0f KiB", k }'; }
signed() { awk -v x="$1" -v u="$2" 'BEGIN { if (x == "NA" || x == "") print "n/a"; else printf "%+.0f %s", x, u }'; }
verdict() { # value budget  (PASS if value <= budget)
    awk -v x="$1" -v b="$2" 'BEGIN { if (x == "NA" || x == "") print "n/a"; else print (x <= b ? "**PASS**" : "**FAIL**") }'
}

ROWS=$TMP/rows.md
: >"$ROWS"
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@" >>"$ROWS"; }

for c in "${STARTUP_CONFIGS[@]}"; do
    case $c in
        jdk17-xshare-off) jdk="17 (-Xshare:off)" ;;
        *) jdk=${c#jdk} ;;
    esac
    budgeted=0; [[ $c == jdk17 ]] && budgeted=1
    w0=$(median "$c" without 4); w1=$(median "$c" with 4)
    p0=$(median "$c" without 5); p1=$(median "$c" with 5)
    r0=$(median "$c" without 6); r1=$(median "$c" with 6)
    dw=$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a }')
    dp=$(awk -v a="$p0" -v b="$p1" 'BEGIN { print b - a }')
    dr=$(awk -v a="$r0" -v b="$r1" 'BEGIN { if (a == "NA" || b == "NA") print "NA"; else print b - a }')
    if ((budgeted)); then
        row "startup" "wall time, median of $RUNS" "$jdk" "$w0 ms" "$w1 ms" "$(signed "$dw" ms)" "≤ $BUDGET_WALL_MS ms" "$(verdict "$dw" $BUDGET_WALL_MS)"
        row "startup" "CPU user+sys, median of $RUNS" "$jdk" "$p0 ms" "$p1 ms" "$(signed "$dp" ms)" "≤ $BUDGET_CPU_MS ms" "$(verdict "$dp" $BUDGET_CPU_MS)"
        row "startup" "peak RSS, median of $RUNS" "$jdk" "$(kibk "$r0")" "$(kibk "$r1")" "$(signed "$dr" KiB)" "≤ 16 MiB" "$(verdict "$dr" $BUDGET_RSS_KIB)"
    else
        row "startup" "wall time, median of $RUNS" "$jdk" "$w0 ms" "$w1 ms" "$(signed "$dw" ms)" "(info)" "–"
        row "startup" "CPU user+sys, median of $RUNS" "$jdk" "$p0 ms" "$p1 ms" "$(signed "$dp" ms)" "(info)" "–"
        row "startup" "peak RSS, median of $RUNS" "$jdk" "$(kibk "$r0")" "$(kibk "$r1")" "$(signed "$dr" KiB)" "(info)" "–"
    fi
done
row "startup" "classes loaded from the CDS archive (one run)" "17" "$CDS_WITHOUT" "$CDS_WITH" "" "(info)" "–"

for b in "${BENCHMARKS[@]}"; do
    s0=$(jmh_field "$RAW/jmh-$b-without.csv" 5); e0=$(jmh_field "$RAW/jmh-$b-without.csv" 6)
    s1=$(jmh_field "$RAW/jmh-$b-with.csv" 5); e1=$(jmh_field "$RAW/jmh-$b-with.csv" 6)
    pct=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", (b / a - 1) * 100 }')
    ratio=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.3f", b / a }')
    noise=$(awk -v a="$s0" -v x="$e0" -v y="$e1" 'BEGIN { if (x == "NaN" || y == "NaN") print "n/a"; else printf "±%.1f %%", (x + y) / a * 100 }')
    fmt() { awk -v s="$1" -v e="$2" 'BEGIN { if (e == "NaN") printf "%.2f µs/op", s; else printf "%.2f ± %.2f µs/op", s, e }'; }
    budget="≤ +$BUDGET_SLOWER_PCT %"; verd=$(verdict "$pct" $BUDGET_SLOWER_PCT)
    if [[ $verd == *FAIL* ]] && awk -v p="$pct" -v a="$s0" -v x="$e0" -v y="$e1" \
        'BEGIN { exit !(x != "NaN" && y != "NaN" && p <= (x + y) / a * 100) }'; then
        verd="$verd (within CI noise)"
    fi
    [[ $JMH_JDK == 17 ]] || { budget="(info)"; verd="–"; }
    row "per connection" "$b" "$JMH_JDK" "$(fmt "$s0" "$e0")" "$(fmt "$s1" "$e1")" "$(awk -v p="$pct" 'BEGIN { printf "%+.2f %%", p }') (×$ratio; CI noise $noise)" "$budget" "$verd"
done

for v in "${JDKS[@]}"; do
    g0=${MEM[$v,without,heap_growth]}; g1=${MEM[$v,with,heap_growth]}
    budget="(info)"; verd="–"
    if [[ $v == 17 ]]; then budget="≤ 256 KiB (noise tolerance for \"zero\")"; verd=$(verdict "$g1" $BUDGET_HEAP_TOLERANCE); fi
    row "memory" "retained heap growth over $CHURN connections (after − before, full GC ×3)" "$v" "$(kib "$g0")" "$(kib "$g1")" "$(signed "$(awk -v a="$g0" -v b="$g1" 'BEGIN { print (b - a) / 1024 }')" KiB)" "$budget" "$verd"
    row "memory" "retained heap after the churn" "$v" "$(kib "${MEM[$v,without,heap_after]}")" "$(kib "${MEM[$v,with,heap_after]}")" "$(signed "$(awk -v a="${MEM[$v,without,heap_after]}" -v b="${MEM[$v,with,heap_after]}" 'BEGIN { print (b - a) / 1024 }')" KiB)" "(info)" "–"
    m0=${MEM[$v,without,metaspace_after]}; m1=${MEM[$v,with,metaspace_after]}
    row "memory" "metaspace used" "$v" "$(kib "$m0")" "$(kib "$m1")" "$(signed "$(awk -v a="$m0" -v b="$m1" 'BEGIN { print (b - a) / 1024 }')" KiB)" "(info)" "–"
    mg0=$((m0 - ${MEM[$v,without,metaspace_before]})); mg1=$((m1 - ${MEM[$v,with,metaspace_before]}))
    row "memory" "metaspace growth over $CHURN connections" "$v" "$(kib "$mg0")" "$(kib "$mg1")" "$(signed "$(awk -v a="$mg0" -v b="$mg1" 'BEGIN { print (b - a) / 1024 }')" KiB)" "(info)" "–"
    row "memory" "MemoryChurn µs per connection (sanity, not a benchmark)" "$v" "${MEM[$v,without,churn_us_per_connection]}" "${MEM[$v,with,churn_us_per_connection]}" "" "(info)" "–"
done

TOTAL_S=$(( $(date +%s) - SCRIPT_START ))
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "# sockbuf agent: benchmark results"
    echo
    echo "- date: $DATE_START; total run time of run.sh: ${TOTAL_S} s"
    echo "- machine: $(nproc) cores, $CPU_MODEL, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
    echo "- load average (1/5/15 min): at start $LOAD_START, at end $LOAD_END"
    for v in "${JDKS[@]}"; do echo "- JDK $v: $(jdk_version "$v") (${JDK_HOME[$v]})"; done
    echo "- agent: a copy of $AGENT_SRC (sha256 $AGENT_SHA…) taken at the start, repository at commit $GIT_REV; agent options: -Dsockbuf.recv=$RECV -Dsockbuf.send=$SEND"
    echo "- agent log level under churn (JMH and MemoryChurn): ${JMH_LOG_LEVEL:-unknown} — the default; -Dsockbuf.log was not set"
    echo "- startup: HelloOneConnection, $RUNS runs per side after one untimed warm-up pair, interleaved (without, with, without, …);" \
         "$( ((HAVE_TIME)) && echo "CPU and peak RSS from /usr/bin/time" || echo "CPU from bash time, no RSS"), wall from date +%s%N; \"added\" = median(with) − median(without)"
    echo "- per connection: JMH 1.37 on JDK $JMH_JDK, options \`$JMH_OPTS\`, agent via -jvmArgsAppend; runs interleaved per benchmark; ± is JMH's 99.9 % CI (NaN/absent with too few iterations)"
    echo "- memory: MemoryChurn, $CHURN_WARMUP warm-up connections, then heap used (MemoryMXBean) after System.gc() ×3 with 200 ms sleeps, before and after $CHURN connections; \"zero growth\" allows 256 KiB of noise"
    echo
    echo "| Section | Metric | JDK | Without agent | With agent | Added by agent | Budget | Verdict |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    cat "$ROWS"
    echo
    echo "Agent exit summaries of the JMH forks (proof the agent sized the benchmark's sockets):"
    echo
    echo '```'
    for b in "${BENCHMARKS[@]}"; do
        summary=$(grep -h '^\[sockbuf\] at exit' "$RAW/jmh-$b-with.log" | tail -1 | sed 's/^\[sockbuf\] //' || true)
        [[ -n "$summary" ]] || summary="(not captured: a JMH fork's System.err goes over JMH's link, which JMH's own shutdown hook closes, racing the agent's exit-summary hook; the fork's startup and per-kind lines are in raw/jmh-$b-with.log)"
        printf '%s: %s\n' "$b" "$summary"
    done
    echo '```'
    echo
    if [[ -s "$RAW/agent-warnings.txt" ]]; then
        echo "Warnings or errors printed by the JVM or the agent (every run; unique lines):"
        echo
        echo '```'
        sort -u "$RAW/agent-warnings.txt"
        echo '```'
    else
        echo "No warning, error or exception was printed by the JVM or the agent in any run."
    fi
    echo
    echo "Raw data: benchmarks/results/raw/ (startup.tsv, jmh-*.log/csv, memory-*.out/err)."
} >"$REPORT"

if [[ "${BASELINES:-1}" == 1 ]]; then
    log "baselines.sh: no agent / LD_PRELOAD shim / empty agent / sockbuf, side by side"
    AGENT_JAR="$AGENT_JAR" RECV="$RECV" SEND="$SEND" JDK11="$JDK11" JDK17="$JDK17" JDK25="$JDK25" OUT="$TMP/baselines.md" \
        "$BENCH_DIR/baselines.sh" || die "baselines.sh failed"
    { echo; cat "$TMP/baselines.md"; } >>"$REPORT"
fi

cat "$REPORT"
log "report written to $REPORT (${TOTAL_S} s)"
