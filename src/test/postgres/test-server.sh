#!/usr/bin/env bash
# A throwaway PostgreSQL for the integration tests, on a loopback port, in a fresh temp directory.
#   test-server.sh start <port> <state-file>   initdb, start, create role and database "liveroom"
#   test-server.sh stop <state-file>           stop it and remove its directory
#   test-server.sh halt <state-file>           stop it, keeping its data (a database that went away)
#   test-server.sh resume <port> <state-file>  start a halted one again on its data
# PostgreSQL refuses to run as root, so as root the server runs as the "postgres" user.
set -euo pipefail

bin_dir() {
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z "$found" ]]; then
        echo "PostgreSQL is not installed (no pg_ctl on PATH nor in /usr/lib/postgresql/*/bin)" >&2
        exit 1
    fi
    echo "$found"
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local port=$1 state=$2 bin dir
    stop "$state"
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/liveroom-pg.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    mkdir -p "$(dirname "$state")"
    echo "$dir" > "$state"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c synchronous_commit=on -c fsync=on -c max_connections=200" start >/dev/null
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE liveroom LOGIN PASSWORD 'liveroom'" \
        -c "CREATE DATABASE liveroom OWNER liveroom" >/dev/null
    echo "PostgreSQL for the tests at 127.0.0.1:$port (data in $dir)"
}

halt() {
    local state=$1
    as_owner "$(bin_dir)/pg_ctl" -D "$(cat "$state")/data" -m immediate -w stop >/dev/null
}

resume() {
    local port=$1 state=$2 dir
    dir=$(cat "$state")
    as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c synchronous_commit=on -c fsync=on -c max_connections=200" start >/dev/null
}

stop() {
    local state=$1 bin dir
    [[ -f "$state" ]] || return 0
    dir=$(cat "$state")
    bin=$(bin_dir)
    if [[ -d "$dir/data" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" "$state"
}

case "${1:-}" in
    start) start "$2" "$3" ;;
    stop) stop "$2" ;;
    halt) halt "$2" ;;
    resume) resume "$2" "$3" ;;
    *) echo "usage: $0 start <port> <state-file> | stop <state-file> | halt <state-file> | resume <port> <state-file>" >&2
       exit 2 ;;
esac
