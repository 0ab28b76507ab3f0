#!/usr/bin/env bash
# A CrmHub cluster on this machine, without containers: a throw-away PostgreSQL server (Debian's
# `postgresql` package: apt-get install postgresql) in a temporary directory, the schema applied
# with `CrmHub.Host db init`, and N silos (default 2) on distinct HTTP, silo and gateway ports that
# form one Orleans cluster on it. Ctrl-C stops every silo and the server and deletes the directory.
#
#   deploy/local-cluster.sh [N]
#
# Settings (environment): HTTP_PORT (5080), SILO_PORT (11111), GATEWAY_PORT (30000): silo i uses
# port + i; PG_PORT (55432); CLUSTER_DIR (a new temporary directory; kept when you set it);
# ENVIRONMENT (Development: demo accounts and the dev-events-key API key).
set -euo pipefail

count=${1:-2}
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [number of silos]" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
http_port=${HTTP_PORT:-5080}
silo_port=${SILO_PORT:-11111}
gateway_port=${GATEWAY_PORT:-30000}
pg_port=${PG_PORT:-55432}
environment=${ENVIRONMENT:-Development}
keep_dir=${CLUSTER_DIR:+yes}
dir=${CLUSTER_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/crmhub-cluster.XXXXXX")}
mkdir -p "$dir"

# The server binaries: on PATH, or where Debian's package puts them (newest version first).
pg_bin=""
for candidate in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then pg_bin=$candidate; break; fi
done
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }

# initdb refuses to run as root: then the server runs as the postgres user (or nobody).
as_server_user=()
if [ "$(id -u)" = 0 ]; then
    server_user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
    chown "$server_user:" "$dir"
    as_server_user=(runuser -u "$server_user" --)
fi

silo_pids=()
stop_all() {
    trap - INT TERM EXIT
    echo
    echo "Stopping ${#silo_pids[@]} silo(s) and PostgreSQL..."
    for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${silo_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -f "$dir/pg/postmaster.pid" ]; then
        (cd / && "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null) || true
    fi
    if [ -z "$keep_dir" ]; then rm -rf "$dir"; else echo "Data kept in $dir"; fi
}
trap stop_all INT TERM EXIT

echo "Building the host..."
dotnet build "$root/src/CrmHub.Host" -c Release -v quiet -nologo >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
host_dll="$root/src/CrmHub.Host/bin/Release/net10.0/CrmHub.Host.dll"

if [ ! -f "$dir/pg/PG_VERSION" ]; then
    echo "Creating a PostgreSQL cluster in $dir/pg..."
    (cd / && "${as_server_user[@]}" "$pg_bin/initdb" -D "$dir/pg" -U crmhub --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log")
fi
(cd / && "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/postgres.log" -w \
    -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null)
connection="Host=127.0.0.1;Port=$pg_port;Username=crmhub;Database=crmhub"
psql_base=(-h 127.0.0.1 -p "$pg_port" -U crmhub)
if command -v psql >/dev/null; then
    psql "${psql_base[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'crmhub'" | grep -q 1 \
        || psql "${psql_base[@]}" -d postgres -qc "CREATE DATABASE crmhub"
else
    echo "psql is missing (apt-get install postgresql-client)" >&2; exit 1
fi
(cd "$(dirname "$host_dll")" && dotnet "$host_dll" db init "--ConnectionStrings:CrmHub=$connection")

for ((i = 0; i < count; i++)); do
    http=$((http_port + i))
    (cd "$(dirname "$host_dll")" && exec env \
        ASPNETCORE_ENVIRONMENT="$environment" \
        ConnectionStrings__CrmHub="$connection" \
        CrmHub__Storage__Provider=Postgres \
        CrmHub__Cluster__Provider=Postgres \
        CrmHub__Cluster__AdvertisedAddress=127.0.0.1 \
        CrmHub__Cluster__ClusterId=crmhub-local \
        CrmHub__Cluster__ServiceId=crmhub-local \
        CrmHub__Cluster__SiloPort=$((silo_port + i)) \
        CrmHub__Cluster__GatewayPort=$((gateway_port + i)) \
        dotnet "$host_dll" --urls "http://127.0.0.1:$http" >"$dir/silo-$i.log" 2>&1) &
    silo_pids+=($!)
done

for ((i = 0; i < count; i++)); do
    http=$((http_port + i))
    for _ in $(seq 1 120); do
        curl -fsS "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
        kill -0 "${silo_pids[$i]}" 2>/dev/null || { echo "silo $i exited; see $dir/silo-$i.log" >&2; tail -20 "$dir/silo-$i.log" >&2; exit 1; }
        sleep 0.5
    done
    curl -fsS "http://127.0.0.1:$http/health" >/dev/null || { echo "silo $i is not healthy; see $dir/silo-$i.log" >&2; exit 1; }
    echo "silo $i: http://127.0.0.1:$http  (silo port $((silo_port + i)), gateway $((gateway_port + i)), log $dir/silo-$i.log)"
done
echo "PostgreSQL: psql -h 127.0.0.1 -p $pg_port -U crmhub crmhub   (log $dir/postgres.log)"
echo "All $count silos are one cluster. Press Ctrl-C to stop them all."
wait "${silo_pids[@]}"
