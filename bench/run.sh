#!/usr/bin/env bash
# The whole bench in one command: Liveroom (persisting every message) against a Node `ws` peer, same load,
# same steps, one run. Writes bench/results/results.md and bench/results/p95-vs-clients.svg; the last line
# printed is the headline ratio. See bench/README.md. Every parameter below can be set in the environment.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"

LR_PORT="${LR_PORT:-18181}"
PEER_PORT="${PEER_PORT:-18282}"
SERVER_CPU="${SERVER_CPU:-0}"          # the server under test (both servers live here; one is loaded at a time)
LOADGEN_CPU="${LOADGEN_CPU:-1}"        # the load generator
STEPS="${STEPS:-500,1000,1500,2000,3000,4000,5000,6000,7000,8000,10000,12000,14000,16000}"
SENDERS="${SENDERS:-10}"               # clients that send
RATE="${RATE:-20}"                     # messages/s in total, spread over the senders
DURATION="${DURATION:-10}"             # seconds of sending per step
DRAIN="${DRAIN:-10}"                   # seconds a step waits for late deliveries before counting them lost
LIMIT_MS="${LIMIT_MS:-500}"            # the p95 that ends the growth
WARMUP="${WARMUP:-30}"                 # seconds of JVM warm-up traffic before anything is measured
RSS_LEVELS="${RSS_LEVELS:-1000,5000,10000}"
INGEST_SENDERS="${INGEST_SENDERS:-64}"
INGEST_ROOM_SIZE="${INGEST_ROOM_SIZE:-4}"
INGEST_WINDOW="${INGEST_WINDOW:-16}"
INGEST_DURATION="${INGEST_DURATION:-20}"
HISTORY_CLIENTS="${HISTORY_CLIENTS:-1000}"
HISTORY_RATE="${HISTORY_RATE:-50}"
HISTORY_DURATION="${HISTORY_DURATION:-20}"
SOURCES="${SOURCES:-8}"                # loopback source addresses 127.0.0.1..127.0.0.N for the clients
QUIET_WAIT="${QUIET_WAIT:-120}"        # seconds a step may wait for other processes to calm down
PHASES="${PHASES:-warmup rss broadcast history ingest}"
# The JVM: one core, so the serial collector (what the JVM picks by itself on one CPU, said out loud); a heap
# big enough for 16k sockets; the abuse limits raised, because the bench is many clients behind few users
# and few addresses on purpose.
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx2g -XX:+UseSerialGC}"
LIMIT_OPTS="-Dliveroom.limits.messages-per-second=1000000 -Dliveroom.limits.message-burst=1000000 \
-Dliveroom.limits.connections-per-user=1000000 -Dliveroom.limits.handshakes-per-second=1000000"
WAR="${LIVEROOM_WAR:-$ROOT/target/liveroom.war}"
PAYARA="${PAYARA_JAR:-$ROOT/target/payara-micro.jar}"
# the pre-boot command file Liveroom is started with, as in production; PREBOOT= (empty) starts it without
PREBOOT="${PREBOOT-$ROOT/server-config/pre-boot-commands.asadmin}"
RESULTS="${RESULTS:-$BENCH/results}"
RAW="$RESULTS/raw"
TMP="$RESULTS/tmp-run"

# many sockets: as high as this shell may go (the hard limit can be below what is asked)
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n)"

command -v taskset >/dev/null || { echo "taskset is needed (util-linux)"; exit 2; }
[ -d "$BENCH/node_modules/ws" ] || (cd "$BENCH" && npm ci --no-audit --no-fund)
if [ ! -f "$WAR" ] || [ ! -f "$PAYARA" ]; then
  echo "building the WAR"
  (cd "$ROOT" && mvn -q -B package -DskipTests)
fi

mkdir -p "$RAW" "$TMP"
DATA="$(mktemp -d /tmp/liveroom-bench-data.XXXXXX)"
LR_PID=""
PEER_PID=""
stop() {
  [ -n "$LR_PID" ] && kill "$LR_PID" 2>/dev/null || true
  [ -n "$PEER_PID" ] && kill "$PEER_PID" 2>/dev/null || true
  sleep 2
  [ -n "$LR_PID" ] && kill -9 "$LR_PID" 2>/dev/null || true
  [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$DATA"
}
trap stop EXIT

PROFILE_OPTS=""
if [ "${PROFILE:-0}" = 1 ]; then
  PROFILE_OPTS="-XX:StartFlightRecording=filename=$TMP/liveroom.jfr,settings=default,dumponexit=true"
fi

echo "starting Liveroom on :$LR_PORT (cpu $SERVER_CPU), data in $DATA"
# shellcheck disable=SC2086
taskset -c "$SERVER_CPU" java $JAVA_OPTS $LIMIT_OPTS $PROFILE_OPTS -Dliveroom.data.dir="$DATA" \
  -jar "$PAYARA" --deploy "$WAR" --contextroot / --port "$LR_PORT" --nocluster --rootdir "$DATA/payara" \
  ${PREBOOT:+--prebootcommandfile "$PREBOOT"} \
  > "$TMP/liveroom.log" 2>&1 &
LR_PID=$!
echo "starting the Node ws peer on :$PEER_PORT (cpu $SERVER_CPU)"
taskset -c "$SERVER_CPU" node "$BENCH/peer.js" --port "$PEER_PORT" > "$TMP/peer.log" 2>&1 &
PEER_PID=$!

ready() {
  curl -sf -X POST "http://127.0.0.1:$1/api/auth/guest" -H 'Content-Type: application/json' \
    -d '{"displayName":"ready","avatarUrl":""}' >/dev/null 2>&1
}
for i in $(seq 1 120); do
  ready "$LR_PORT" && ready "$PEER_PORT" && break
  kill -0 "$LR_PID" 2>/dev/null || { echo "Liveroom did not start:"; tail -40 "$TMP/liveroom.log"; exit 1; }
  [ "$i" = 120 ] && { echo "servers not ready after 120 s"; tail -40 "$TMP/liveroom.log"; exit 1; }
  sleep 1
done
echo "both servers answer"

LR_URL="http://127.0.0.1:$LR_PORT/"
PEER_URL="http://127.0.0.1:$PEER_PORT/"
COMMON=(--sources "$SOURCES" --bench-pids "$LR_PID,$PEER_PID" --quiet-wait "$QUIET_WAIT")
gen() { local mode="$1"; shift; timeout 1500 taskset -c "$LOADGEN_CPU" node "$BENCH/loadgen.js" "$mode" "${COMMON[@]}" "$@"; }

cat > "$RAW/meta.json" <<EOF
{"liveroom": "${LIVEROOM_REV:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?')} on Payara Micro 6.2025.10",
 "server JVM flags": "$JAVA_OPTS (+ abuse limits raised)",
 "pinning": "servers on cpu $SERVER_CPU, load generator on cpu $LOADGEN_CPU (taskset)",
 "load": "$SENDERS senders, $RATE msgs/s in total, ${DURATION}s per step, steps $STEPS"}
EOF

for phase in $PHASES; do
  case "$phase" in
    warmup)
      echo "== warm-up (${WARMUP}s of broadcast and a short ingest on each server; not recorded)"
      gen broadcast --url "$LR_URL" --label liveroom-warmup --steps 500,1000 --rate "$RATE" --duration $((WARMUP / 2)) \
        --drain 5 --limit-ms 100000 --out "$TMP/warmup-liveroom.json" --quiet-wait 0
      gen ingest --url "$LR_URL" --label liveroom-warmup --duration 5 --warmup 2 --out "$TMP/warmup-liveroom-ingest.json" --quiet-wait 0
      gen broadcast --url "$PEER_URL" --label peer-warmup --steps 500 --rate "$RATE" --duration 5 --drain 5 \
        --limit-ms 100000 --out "$TMP/warmup-peer.json" --quiet-wait 0
      ;;
    rss)
      echo "== RSS per idle connection ($RSS_LEVELS)"
      gen rss --url "$LR_URL" --label liveroom --pid "$LR_PID" --jcmd "$(command -v jcmd)" --levels "$RSS_LEVELS" --out "$RAW/liveroom-rss.json"
      gen rss --url "$PEER_URL" --label peer --pid "$PEER_PID" --levels "$RSS_LEVELS" --out "$RAW/peer-rss.json"
      ;;
    broadcast)
      echo "== broadcast steps: $STEPS"
      for side in liveroom peer; do
        url="$LR_URL"; [ "$side" = peer ] && url="$PEER_URL"
        gen broadcast --url "$url" --label "$side" --steps "$STEPS" --senders "$SENDERS" --rate "$RATE" \
          --duration "$DURATION" --drain "$DRAIN" --limit-ms "$LIMIT_MS" --out "$RAW/$side-broadcast.json"
      done
      ;;
    history)
      echo "== history page under load"
      gen history --url "$LR_URL" --label liveroom --clients "$HISTORY_CLIENTS" --senders "$SENDERS" --rate "$RATE" \
        --history-rate "$HISTORY_RATE" --duration "$HISTORY_DURATION" --out "$RAW/liveroom-history.json"
      ;;
    ingest)
      echo "== durable ingest"
      for side in liveroom peer; do
        url="$LR_URL"; [ "$side" = peer ] && url="$PEER_URL"
        gen ingest --url "$url" --label "$side" --senders "$INGEST_SENDERS" --room-size "$INGEST_ROOM_SIZE" \
          --window "$INGEST_WINDOW" --duration "$INGEST_DURATION" --out "$RAW/$side-ingest.json"
      done
      ;;
    *) echo "unknown phase $phase"; exit 2 ;;
  esac
done

trap - EXIT
stop
[ "${PROFILE:-0}" = 1 ] && echo "JFR recording: $TMP/liveroom.jfr"
taskset -c "$LOADGEN_CPU" node "$BENCH/report.js" "$RAW" "$RESULTS" "$RESULTS/notes.md"
