#!/bin/sh
# Starts or stops the private PostgreSQL cluster the server tests use: data and unix socket in
# DIR, no TCP. With `durable` (for bench/server_load) the cluster keeps fsync on, as a city's
# database would. initdb refuses to run as root, so as root the cluster runs as the `postgres` user
# that Debian's postgresql package creates.
set -eu
action=$1
dir=$2
mode=${3:-}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop() {
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case $action in
start)
    stop
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: the tests check behaviour, not durability, and must stay fast.
    fsync=off
    if [ "$mode" = durable ]; then
        fsync=on
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -k $dir -c fsync=$fsync -c max_connections=200" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    stop
    ;;
*)
    echo "usage: $0 start DIR [durable] | stop DIR" >&2
    exit 2
    ;;
esac
