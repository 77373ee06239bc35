#!/usr/bin/env bash
# The whole bench in one command: Liveroom (persisting every message) against a Node `ws` peer, same load,
# same steps, one run. Writes bench/results/results.md and bench/results/p95-vs-clients.svg; the last line
# printed is the headline ratio. Phases: warm-up, RSS, broadcast at each rate, join storm, resume storm (restarts
# the servers), history, ingest, the fast room (a chat budget on, then off). See bench/README.md. Every parameter below can be set in the environment.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"

LR_PORT="${LR_PORT:-18181}"
PEER_PORT="${PEER_PORT:-18282}"
SERVER_CPU="${SERVER_CPU:-0}"          # the server under test (both servers live here; one is loaded at a time)
LOADGEN_CPU="${LOADGEN_CPU:-1}"        # the load generator
STEPS="${STEPS:-500,1000,1500,2000,3000,4000,5000,6000,7000,8000,10000,12000,14000,16000}"
SENDERS="${SENDERS:-10}"               # clients that send
RATE="${RATE:-20}"                     # messages/s in total, spread over the senders (warm-up and history)
BROADCAST_RATES="${BROADCAST_RATES:-10 20}"  # the broadcast phase runs once at each of these rates (messages/s)
DURATION="${DURATION:-10}"             # seconds of sending per step
DRAIN="${DRAIN:-10}"                   # seconds a step waits for late deliveries before counting them lost
LIMIT_MS="${LIMIT_MS:-500}"            # the p95 that ends the growth
WARMUP="${WARMUP:-30}"                 # seconds of JVM warm-up traffic before anything is measured
RSS_LEVELS="${RSS_LEVELS:-1000,5000,10000}"
INGEST_SENDERS="${INGEST_SENDERS:-64}"
INGEST_ROOM_SIZE="${INGEST_ROOM_SIZE:-4}"
INGEST_WINDOW="${INGEST_WINDOW:-16}"
INGEST_DURATION="${INGEST_DURATION:-20}"
INGEST_PACED="${INGEST_PACED:-5000}"   # the open-loop ingest: messages/s in total, at which the ack p99 is judged
DEEP_ITEMS="${DEEP_ITEMS:-1000000}"    # items in the deep-page room
DEEP_PAGE="${DEEP_PAGE:-10000}"        # the deep page read (20 items a page)
PG_PORT="${PG_PORT:-55499}"            # the throwaway PostgreSQL of the postgres phase (synchronous_commit=on, fsync=on)
LR_PG_PORT="${LR_PG_PORT:-18183}"      # Liveroom on that PostgreSQL
HISTORY_CLIENTS="${HISTORY_CLIENTS:-1000}"
HISTORY_RATE="${HISTORY_RATE:-50}"
HISTORY_DURATION="${HISTORY_DURATION:-20}"
JOIN_CLIENTS="${JOIN_CLIENTS:-10000}"  # sockets of the join storm (one guest user each)
JOIN_PARALLEL="${JOIN_PARALLEL:-500}"  # handshakes and joins the load generator keeps in flight in a storm
RESUME_CLIENTS="${RESUME_CLIENTS:-5000}" # members of the room that resumes after a server restart
RESUME_RATE="${RESUME_RATE:-10}"       # messages/s the host sends into that room, before, during and after
RESUME_BUSY="${RESUME_BUSY:-10}"       # seconds of traffic before the restart
RESUME_LIVE="${RESUME_LIVE:-5}"        # seconds of traffic after the last member resumed
RESUME_SIGNALS="${RESUME_SIGNALS:-TERM KILL}" # the resume storm runs once per signal the server is stopped with (the peer: TERM)
# the restarted Liveroom meets the storm with the shipped admission control, not the raised bench limits
RESUME_OPTS="${RESUME_OPTS--Dliveroom.admission.handshakes-per-second=500 -Dliveroom.admission.handshake-burst=250 \
-Dliveroom.admission.max-sockets=20000}"
SOURCES="${SOURCES:-8}"                # loopback source addresses 127.0.0.1..127.0.0.N for the clients
QUIET_WAIT="${QUIET_WAIT:-120}"        # seconds a step may wait for other processes to calm down
FAST_CLIENTS="${FAST_CLIENTS:-5000}"   # members of the fast room (users of their own, who do not send)
FAST_SENDERS="${FAST_SENDERS:-100}"    # viewers who send into it
FAST_RATE="${FAST_RATE:-300}"          # their messages/s in total; the host adds one a second, and a question and its answer
FAST_BUDGET="${FAST_BUDGET:-20}"       # the room's chat budget in the run with shedding (the other run sets 0: off)
FAST_DURATION="${FAST_DURATION:-20}"   # seconds of sending per run
LIKES_CLIENTS="${LIKES_CLIENTS:-1000}" # members of the likes room (a user each), every one of them tapping
LIKES_RATE="${LIKES_RATE:-10000}"      # like taps/s in total (10 a member: the shipped liveroom.likes.per-second)
LIKES_BATCH="${LIKES_BATCH:-1}"        # taps a like frame carries (1: a frame per tap, the most frames)
LIKES_CHAT_RATE="${LIKES_CHAT_RATE:-20}" # chat messages/s broadcast to the room, with likes off and then on
LIKES_DURATION="${LIKES_DURATION:-20}" # seconds of each run
PHASES="${PHASES:-warmup rss broadcast joinstorm resumestorm history ingest fastroom likes deeppage postgres}"
# The JVM: one core, so the serial collector (what the JVM picks by itself on one CPU, said out loud); a heap
# big enough for 16k sockets; the abuse limits raised, because the bench is many clients behind few users
# and few addresses on purpose. (README, "Memory and the JVM": the young generation for a server that mostly writes.)
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx2g -XX:+UseSerialGC}"
LIMIT_OPTS="-Dliveroom.limits.messages-per-second=1000000 -Dliveroom.limits.message-burst=1000000 \
-Dliveroom.limits.connections-per-user=1000000 -Dliveroom.limits.handshakes-per-second=1000000 \
-Dliveroom.admission.handshakes-per-second=1000000 -Dliveroom.admission.handshake-burst=1000000 \
-Dliveroom.admission.max-sockets=1000000"
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
  [ -n "${GEN_PID:-}" ] && kill "$GEN_PID" 2>/dev/null || true
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

# Both servers are started by these two functions, at the start and again by the resume storm's restart: the same
# command on the same data (Liveroom's data directory; the peer's state file, written when it is told to stop).
# Payara's own runtime directory starts empty each time, as in the container (which gives it a fresh temporary
# one): a runtime directory left from the last start would deploy the WAR it remembers, answer, and then deploy
# it again for --deploy.
start_liveroom() {
  rm -rf "$DATA/payara"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" java $JAVA_OPTS $LIMIT_OPTS ${EXTRA_OPTS:-} $PROFILE_OPTS -Dliveroom.data.dir="$DATA" \
    -jar "$PAYARA" --deploy "$WAR" --contextroot / --port "$LR_PORT" --nocluster --rootdir "$DATA/payara" \
    ${PREBOOT:+--prebootcommandfile "$PREBOOT"} \
    >> "$TMP/liveroom.log" 2>&1 &
  LR_PID=$!
}
start_peer() {
  taskset -c "$SERVER_CPU" node "$BENCH/peer.js" --port "$PEER_PORT" --state "$DATA/peer-state.json" >> "$TMP/peer.log" 2>&1 &
  PEER_PID=$!
}
secs() { awk "BEGIN { printf \"%.1f\", $2 - $1 }"; }
# alive: the process exists and is not a zombie
alive() { local st; st="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1; [[ "$st" != *") Z "* ]]; }
ready() {
  curl -sf --max-time 5 -X POST "http://127.0.0.1:$1/api/auth/guest" -H 'Content-Type: application/json' \
    -d '{"displayName":"ready","avatarUrl":""}' >/dev/null 2>&1
}
# wait_ready <port> <pid> <log>: until the server signs a guest in, at most 120 s
wait_ready() {
  for i in $(seq 1 240); do
    ready "$1" && return 0
    alive "$2" || { echo "the server on :$1 did not start:"; tail -40 "$3"; exit 1; }
    [ "$i" = 240 ] && { echo "the server on :$1 is not ready after 120 s"; tail -40 "$3"; exit 1; }
    sleep 0.5
  done
}
# restart <liveroom|peer> <done file> [TERM|KILL]: the signal (SIGTERM by default), wait for the process to end
# (60 s, then SIGKILL), start it again with the same command, wait until it answers; writes {pid, signal,
# downSeconds, bootSeconds} to the done file
restart() {
  local side="$1" signal="${3:-TERM}" old t0 t1 t2
  if [ "$side" = liveroom ]; then old="$LR_PID"; else old="$PEER_PID"; fi
  t0=$(date +%s.%N)
  kill "-$signal" "$old" 2>/dev/null || true
  # the server is this shell's child: wait for it, with a watchdog that kills it after 60 s
  ( sleep 60; kill -0 "$old" 2>/dev/null && echo "$side still running 60 s after SIGTERM: SIGKILL" && kill -9 "$old" ) &
  local watchdog=$!
  wait "$old" 2>/dev/null || true
  kill "$watchdog" 2>/dev/null || true
  t1=$(date +%s.%N)
  if [ "$side" = liveroom ]; then
    echo "--- restart $(date -u +%FT%TZ)" >> "$TMP/liveroom.log"; start_liveroom; wait_ready "$LR_PORT" "$LR_PID" "$TMP/liveroom.log"
    t2=$(date +%s.%N); echo "{\"pid\": $LR_PID, \"signal\": \"$signal\", \"downSeconds\": $(secs "$t0" "$t1"), \"bootSeconds\": $(secs "$t1" "$t2")}" > "$2.tmp"
  else
    echo "--- restart $(date -u +%FT%TZ)" >> "$TMP/peer.log"; start_peer; wait_ready "$PEER_PORT" "$PEER_PID" "$TMP/peer.log"
    t2=$(date +%s.%N); echo "{\"pid\": $PEER_PID, \"signal\": \"$signal\", \"downSeconds\": $(secs "$t0" "$t1"), \"bootSeconds\": $(secs "$t1" "$t2")}" > "$2.tmp"
  fi
  mv "$2.tmp" "$2"
  echo "$side restarted: $(cat "$2")"
}

echo "starting Liveroom on :$LR_PORT (cpu $SERVER_CPU), data in $DATA"
: > "$TMP/liveroom.log"
start_liveroom
echo "starting the Node ws peer on :$PEER_PORT (cpu $SERVER_CPU)"
: > "$TMP/peer.log"
start_peer
wait_ready "$LR_PORT" "$LR_PID" "$TMP/liveroom.log"
wait_ready "$PEER_PORT" "$PEER_PID" "$TMP/peer.log"
echo "both servers answer"

LR_URL="http://127.0.0.1:$LR_PORT/"
PEER_URL="http://127.0.0.1:$PEER_PORT/"
# the servers' pids are read at each call: the resume storm restarts them
gen() {
  local mode="$1"; shift
  timeout 1500 taskset -c "$LOADGEN_CPU" node "$BENCH/loadgen.js" "$mode" --sources "$SOURCES" \
    --bench-pids "$LR_PID,$PEER_PID" ${BENCH_COMM:+--bench-comm "$BENCH_COMM"} --quiet-wait "$QUIET_WAIT" "$@"
}
GEN_PID=""

cat > "$RAW/meta.json" <<EOF
{"liveroom": "${LIVEROOM_REV:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?')} on Payara Micro 6.2025.10",
 "server JVM flags": "$JAVA_OPTS (+ abuse limits raised)",
 "pinning": "servers on cpu $SERVER_CPU, load generator on cpu $LOADGEN_CPU (taskset)",
 "load": "broadcast: $SENDERS senders, $BROADCAST_RATES msgs/s in total, ${DURATION}s per step, steps $STEPS; join storm $JOIN_CLIENTS sockets; resume storm $RESUME_CLIENTS members at $RESUME_RATE msgs/s"}
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
      rm -f "$RAW"/liveroom-broadcast*.json "$RAW"/peer-broadcast*.json
      for rate in $BROADCAST_RATES; do
        echo "== broadcast at $rate msgs/s, steps: $STEPS"
        for side in liveroom peer; do
          url="$LR_URL"; [ "$side" = peer ] && url="$PEER_URL"
          gen broadcast --url "$url" --label "$side" --steps "$STEPS" --senders "$SENDERS" --rate "$rate" \
            --duration "$DURATION" --drain "$DRAIN" --limit-ms "$LIMIT_MS" --out "$RAW/$side-broadcast-$rate.json"
        done
      done
      ;;
    joinstorm)
      echo "== join storm: $JOIN_CLIENTS sockets, $JOIN_PARALLEL in flight"
      for side in liveroom peer; do
        url="$LR_URL"; [ "$side" = peer ] && url="$PEER_URL"
        gen joinstorm --url "$url" --label "$side" --clients "$JOIN_CLIENTS" --parallel "$JOIN_PARALLEL" \
          --out "$RAW/$side-joinstorm.json"
      done
      ;;
    resumestorm)
      echo "== resume storm: $RESUME_CLIENTS members, $RESUME_RATE msgs/s, a restart of the server ($RESUME_SIGNALS)"
      rm -f "$RAW"/*-resumestorm*.json
      for signal in $RESUME_SIGNALS; do
        for side in liveroom peer; do
          # the peer keeps its rooms only through a SIGTERM (it writes them to its state file)
          [ "$side" = peer ] && [ "$signal" != TERM ] && continue
          url="$LR_URL"; [ "$side" = peer ] && url="$PEER_URL"
          suffix=""; [ "$signal" != TERM ] && suffix="-$(echo "$signal" | tr 'A-Z' 'a-z')"
          rm -f "$TMP/restart.request" "$TMP/restart.done"
          # in the background (timeout passes a SIGTERM on to the load generator, see stop)
          timeout 1500 taskset -c "$LOADGEN_CPU" node "$BENCH/loadgen.js" resumestorm --sources "$SOURCES" \
            --bench-pids "$LR_PID,$PEER_PID" --quiet-wait "$QUIET_WAIT" --url "$url" --label "$side$suffix" \
            --clients "$RESUME_CLIENTS" --parallel "$JOIN_PARALLEL" --rate "$RESUME_RATE" --busy "$RESUME_BUSY" \
            --live "$RESUME_LIVE" --drain "$DRAIN" --restart-request "$TMP/restart.request" \
            --restart-done "$TMP/restart.done" --out "$RAW/$side-resumestorm$suffix.json" &
          GEN_PID=$!
          # the load generator asks for the restart by writing the request file; it is done here, where the servers live
          while alive "$GEN_PID" && [ ! -f "$TMP/restart.request" ]; do sleep 0.2; done
          if [ -f "$TMP/restart.request" ]; then
            if [ "$side" = liveroom ]; then EXTRA_OPTS="$RESUME_OPTS"; fi
            restart "$side" "$TMP/restart.done" "$signal"
            EXTRA_OPTS=""
          fi
          wait "$GEN_PID" || { echo "the resume storm against $side ($signal) failed"; GEN_PID=""; exit 1; }
          GEN_PID=""
        done
      done
      if [ -n "$RESUME_OPTS" ]; then
        echo "restarting Liveroom with the bench's limits for the phases after the resume storm"
        rm -f "$TMP/restart.done"; restart liveroom "$TMP/restart.done" TERM
      fi
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
        gen ingest --url "$url" --label "$side-paced" --senders "$INGEST_SENDERS" --room-size "$INGEST_ROOM_SIZE" \
          --rate "$INGEST_PACED" --duration "$INGEST_DURATION" --out "$RAW/$side-ingest-paced.json"
      done
      ;;
    fastroom)
      echo "== fast room: $FAST_CLIENTS members, $FAST_SENDERS senders at $FAST_RATE msgs/s: budget $FAST_BUDGET, no budget, shedding off"
      fast() { gen fastroom --url "$LR_URL" --label liveroom --clients "$FAST_CLIENTS" --senders "$FAST_SENDERS" --rate "$FAST_RATE" \
        --duration "$FAST_DURATION" --drain "$DRAIN" --limit-ms "$LIMIT_MS" "$@"; }
      fast --budget "$FAST_BUDGET" --out "$RAW/liveroom-fastroom-budget.json" || echo "the fast room with a budget did not finish"
      # no budget of its own: the governor alone holds the room back once its members fall behind
      fast --budget 0 --out "$RAW/liveroom-fastroom-governor.json" || echo "the fast room without a budget did not finish"
      # nothing shed at all: the same server started with the governor off, then as before for the phases after
      EXTRA_OPTS="-Dliveroom.delivery.governor=false" restart liveroom "$TMP/fastroom-restart.json"
      # a fresh JVM compiles as it goes: a first run, not recorded, so that the one compared is warm like the others
      fast --budget 0 --governor off --duration 10 --out "$TMP/warmup-fastroom.json" --quiet-wait 0 >/dev/null || true
      fast --budget 0 --governor off --out "$RAW/liveroom-fastroom-off.json" || echo "the fast room with shedding off did not finish"
      restart liveroom "$TMP/fastroom-restart.json"
      # side by side, in the log and in a table of its own (report.js does not read these yet)
      node -e '
        const fs = require("fs");
        const runs = process.argv.slice(1, -1).filter((f) => fs.existsSync(f)).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
        const name = (r) => (r.budget ? `budget ${r.budget}/s` : r.governor ? "no budget (governor)" : "shedding off");
        const rows = [["", ...runs.map(name)],
          ["essential p95 (ms)", ...runs.map((r) => r.essential.latencyMs.p95)],
          ["essential lost", ...runs.map((r) => r.essential.lost)],
          ["viewer msgs per member p50 / p95 (/s)", ...runs.map((r) => `${r.chat.perMemberPerSecond.p50} / ${r.chat.perMemberPerSecond.p95}`)],
          ["members within budget +10 %", ...runs.map((r) => (r.chat.withinBudget === null ? "-" : `${Math.round(r.chat.withinBudget * 100)} %`))],
          ["budgets named in notices", ...runs.map((r) => Object.keys(r.chat.budgetsInNotices || {}).join(", ") || "-")],
          ["server CPU (% of its core)", ...runs.map((r) => r.serverCpuPct)],
          ["bytes to each member (/s)", ...runs.map((r) => r.bytesPerMemberPerSecond)],
          ["history: stored / held", ...runs.map((r) => `${r.history.stored} / ${r.history.total}`)],
          ["sockets closed", ...runs.map((r) => r.closed)],
          ["other CPU (%)", ...runs.map((r) => r.loadgen.foreignCpuPct)],
          ["pass", ...runs.map((r) => r.pass)]];
        const md = rows.map((r, i) => `| ${r.join(" | ")} |` + (i === 0 ? `
|${" --- |".repeat(r.length)}` : "")).join("\n");
        console.log(md);
        fs.writeFileSync(process.argv[process.argv.length - 1], md + "\n");
      ' "$RAW/liveroom-fastroom-budget.json" "$RAW/liveroom-fastroom-governor.json" "$RAW/liveroom-fastroom-off.json" \
        "$RESULTS/fastroom.md" || true
      ;;
    likes)
      echo "== likes: $LIKES_CLIENTS members, $LIKES_RATE taps/s ($LIKES_BATCH a frame), chat at $LIKES_CHAT_RATE msgs/s without likes, then with"
      gen likes --url "$LR_URL" --label liveroom --clients "$LIKES_CLIENTS" --senders "$SENDERS" --rate "$LIKES_CHAT_RATE" \
        --like-rate "$LIKES_RATE" --batch "$LIKES_BATCH" --duration "$LIKES_DURATION" --drain "$DRAIN" \
        --limit-ms "$LIMIT_MS" --server-pid "$LR_PID" --out "$RAW/liveroom-likes.json" || echo "the likes phase did not pass"
      ;;
    deeppage)
      echo "== deep page (a room of $DEEP_ITEMS items on H2)"
      gen deeppage --url "$LR_URL" --label liveroom --items "$DEEP_ITEMS" --page "$DEEP_PAGE" --out "$RAW/liveroom-deeppage.json"
      ;;
    postgres)
      echo "== on PostgreSQL: ingest, paced ingest, deep page"
      # H2's server steps aside (its CPU is the one the PostgreSQL server and Liveroom on it now share)
      kill "$LR_PID" 2>/dev/null || true; wait "$LR_PID" 2>/dev/null || true
      "$ROOT/src/test/postgres/test-server.sh" start "$PG_PORT" "$TMP/pg.state"
      PG_DIR="$(cat "$TMP/pg.state")"
      # PostgreSQL runs on the server's core too: the database is part of the server under test
      for pid in $(pgrep -f "postgres.*-p $PG_PORT" || true); do taskset -pc "$SERVER_CPU" "$pid" >/dev/null 2>&1 || true; done
      : > "$TMP/liveroom-pg.log"
      # shellcheck disable=SC2086
      LIVEROOM_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/liveroom" LIVEROOM_DB_USER=liveroom LIVEROOM_DB_PASSWORD=liveroom \
        taskset -c "$SERVER_CPU" java $JAVA_OPTS $LIMIT_OPTS -Dliveroom.data.dir="$DATA/pg-server" \
        -jar "$PAYARA" --deploy "$WAR" --contextroot / --port "$LR_PG_PORT" --nocluster --rootdir "$DATA/payara-pg" \
        ${PREBOOT:+--prebootcommandfile "$PREBOOT"} >> "$TMP/liveroom-pg.log" 2>&1 &
      LR_PID=$!
      wait_ready "$LR_PG_PORT" "$LR_PID" "$TMP/liveroom-pg.log"
      PG_URL="http://127.0.0.1:$LR_PG_PORT/"
      as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
      PSQL="$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")/psql"
      BENCH_COMM=postgres
      # a fresh JVM: 30 s of warm-up, so that what it compiles as it goes is not counted against PostgreSQL
      gen ingest --url "$PG_URL" --label liveroom-pg-warmup --duration 30 --warmup 5 --out "$TMP/warmup-pg-ingest.json" --quiet-wait 0
      # a database in service has statistics: autovacuum analyzes a table this busy within its first minute or so, and
      # until then the plans prepared on the empty table (a sequential scan for the resend lookup) stand; the phase
      # measures the database as it runs after that, not its first minute
      as_pg "$PSQL" -q -h 127.0.0.1 -p "$PG_PORT" -U liveroom -d liveroom -c "ANALYZE" || true
      gen ingest --url "$PG_URL" --label liveroom-pg --senders "$INGEST_SENDERS" --room-size "$INGEST_ROOM_SIZE" \
        --window "$INGEST_WINDOW" --duration "$INGEST_DURATION" --out "$RAW/liveroom-pg-ingest.json"
      gen ingest --url "$PG_URL" --label liveroom-pg-paced --senders "$INGEST_SENDERS" --room-size "$INGEST_ROOM_SIZE" \
        --rate "$INGEST_PACED" --duration "$INGEST_DURATION" --out "$RAW/liveroom-pg-ingest-paced.json"
      gen deeppage --url "$PG_URL" --label liveroom-pg --items "$DEEP_ITEMS" --page "$DEEP_PAGE" --out "$RAW/liveroom-pg-deeppage.json"
      # the plans of the deep page's two queries, as PostgreSQL runs them on that room
      DEEP_STREAM="$(as_pg "$PSQL" -qAt -h 127.0.0.1 -p "$PG_PORT" -U liveroom -d liveroom -c "SELECT stream_id FROM chat_items GROUP BY stream_id ORDER BY count(*) DESC LIMIT 1")"
      as_pg "$PSQL" -q -h 127.0.0.1 -p "$PG_PORT" -U liveroom -d liveroom \
        -c "EXPLAIN ANALYZE SELECT seq FROM chat_item_deletions WHERE stream_id = $DEEP_STREAM ORDER BY stream_id DESC, seq DESC" \
        -c "EXPLAIN ANALYZE SELECT * FROM chat_items WHERE stream_id = $DEEP_STREAM AND seq BETWEEN (SELECT last_seq - 200019 FROM streams WHERE id = $DEEP_STREAM) AND (SELECT last_seq - 199980 FROM streams WHERE id = $DEEP_STREAM) AND deleted_at IS NULL ORDER BY stream_id DESC, seq DESC" \
        > "$RAW/liveroom-pg-plans.txt" 2>&1 || true
      kill "$LR_PID" 2>/dev/null || true; wait "$LR_PID" 2>/dev/null || true
      "$ROOT/src/test/postgres/test-server.sh" stop "$TMP/pg.state"
      LR_PID=""; BENCH_COMM=""
      ;;
    *) echo "unknown phase $phase"; exit 2 ;;
  esac
done

trap - EXIT
stop
[ "${PROFILE:-0}" = 1 ] && echo "JFR recording: $TMP/liveroom.jfr"
taskset -c "$LOADGEN_CPU" node "$BENCH/report.js" "$RAW" "$RESULTS" "$RESULTS/notes.md"
