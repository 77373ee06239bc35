#!/usr/bin/env bash
# Cross-instance delivery latency: two Payara Micro servers clustered on loopback, one throwaway PostgreSQL,
# senders and receivers on both servers (src/test/java/com/liveroom/cluster/CrossInstanceLatencyBench.java).
# Bounded and local: 127.0.0.1 only, RATE messages a second per sender for SECONDS seconds.
#   bench/cluster-latency.sh            RATE=20 SECONDS_MEASURED=30 RECEIVERS=10 by default
# Extra Maven options go through MVN_OPTS_EXTRA (e.g. -Dliveroom.it.pgPort=55434 -Dliveroom.it.wechatPort=18769).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -ntp verify -Dit.test=CrossInstanceLatencyBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dliveroom.bench.rate="${RATE:-20}" -Dliveroom.bench.seconds="${SECONDS_MEASURED:-30}" \
    -Dliveroom.bench.receivers="${RECEIVERS:-10}" ${MVN_OPTS_EXTRA:-} \
    | tee target/cluster-latency.log | grep -E '^\[(bench|cluster)\]|BUILD|ERROR'
