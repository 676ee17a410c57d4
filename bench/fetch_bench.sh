#!/usr/bin/env bash
# Fetch benchmark (issue 5): one full poll cycle (all 200) and one 304 cycle
# of the real daemon (`newsalert run --once`) over N feeds served by a
# private nginx on 127.0.0.1, next to `curl --parallel` fetching the same
# URLs in the same run. Prints wall time, peak RSS and connections used.
#
#   bench/fetch_bench.sh [--build DIR] [--feeds N] [--unique U] [--repeat R]
#                        [--parallel P] [--work DIR]
#
# Defaults: build/, 10000 feeds made of 500 distinct genfeeds.py documents
# (50 items, ~200 KB each; feed i is a symlink to document i mod 500),
# 3 repetitions (medians reported), 64 transfers at once for both clients.
# Needs nginx (scripts/install-deps.sh test) and ../shared/bench/genfeeds.py.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build=build
feeds=10000
unique=500
repeat=3
parallel=64
work=/tmp/newsalert-fetch-bench
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --feeds) feeds=$2; shift 2 ;;
    --unique) unique=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
binary=$root/$build/newsalert
genfeeds=$root/../shared/bench/genfeeds.py
[[ -x $binary ]] || { echo "build newsalert first: $binary" >&2; exit 2; }
# A Debug or sanitizer build is about 3x slower in the full cycle (parsing
# and matching are CPU-bound): refuse to measure it by mistake.
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$root/$build/CMakeCache.txt" 2>/dev/null || true)
if [[ $build_type != Release && $build_type != RelWithDebInfo ]] ||
   grep -q '^NEWSALERT_SANITIZE:BOOL=ON' "$root/$build/CMakeCache.txt" 2>/dev/null; then
  echo "$build is a '${build_type:-unknown}' build: measure a Release or RelWithDebInfo build" \
       "without sanitizers (--build DIR)" >&2
  exit 2
fi
[[ -f $genfeeds ]] || genfeeds=/work/shared/bench/genfeeds.py
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { echo "nginx missing" >&2; exit 2; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$work"
corpus=$work/corpus-$unique
if [[ ! -f $corpus/manifest.tsv ]]; then
  echo "== generating $unique feeds (genfeeds.py --seed 1 --items 50)" >&2
  /usr/bin/python3 "$genfeeds" --seed 1 --feeds "$unique" --items 50 --out "$corpus" >&2
fi
www=$work/www-$feeds-$unique
if [[ ! -d $www ]]; then
  mkdir -p "$www.tmp"
  mapfile -t documents < <(ls "$corpus" | grep -E '^f[0-9]+-.*\.xml$' | sort)
  for ((i = 0; i < feeds; i++)); do
    ln -s "$corpus/${documents[$((i % ${#documents[@]}))]}" "$www.tmp/feed$i.xml"
  done
  mv "$www.tmp" "$www"
fi

# --- nginx, unprivileged, on a free port ------------------------------------
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ngx=$work/nginx
rm -rf "$ngx" && mkdir -p "$ngx/logs" "$ngx/tmp"
cat > "$ngx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 4096; }
http {
  types { application/rss+xml xml; }
  log_format bench '\$connection \$status';
  access_log $ngx/logs/access.log bench;
  client_body_temp_path $ngx/tmp; proxy_temp_path $ngx/tmp; fastcgi_temp_path $ngx/tmp;
  uwsgi_temp_path $ngx/tmp; scgi_temp_path $ngx/tmp;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  sendfile on;
  server {
    listen 127.0.0.1:$port;
    root $www;
    etag on;
  }
}
EOF
"$nginx_bin" -c "$ngx/nginx.conf" -p "$ngx" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null; wait $nginx_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/feed0.xml" && break
  sleep 0.1
done

# --- inputs -----------------------------------------------------------------
curl_config=$work/curl-urls.txt
: > "$curl_config"
for ((i = 0; i < feeds; i++)); do
  printf 'url = "http://127.0.0.1:%s/feed%d.xml"\noutput = "/dev/null"\n' "$port" "$i" >> "$curl_config"
done
write_config() {  # $1: folder
  mkdir -p "$1/filters"
  cat > "$1/newsalert.toml" <<EOF
[daemon]
state_dir = "state"
poll_interval = "10m"
max_concurrent_fetches = $parallel
max_connections_per_host = $parallel
filters = ["filters/*.toml"]
log_level = "warn"
[[channel]]
name = "console"
type = "console"
EOF
  for ((i = 0; i < feeds; i++)); do
    printf '[[feed]]\nname = "feed%d"\nurl = "http://127.0.0.1:%s/feed%d.xml"\n' "$i" "$port" "$i" \
      >> "$1/newsalert.toml"
  done
  cat > "$1/filters/topic.toml" <<'EOF'
[[filter]]
name = "nk-refugees"
query = '("north korean*" OR defector* OR refugee* OR repatriat*) AND (laos OR vientiane OR cambodia OR thailand OR china)'
notify = ["console"]
[[filter]]
name = "unhcr"
query = 'unhcr OR "un refugee agency"'
notify = ["console"]
EOF
}

# Runs a command under /usr/bin/time; prints "wall_seconds max_rss_kb".
measure() {
  local out=$work/time.txt
  /usr/bin/time -f '%e %M' -o "$out" "$@" > "$work/last.out" 2> "$work/last.err" || {
    echo "failed: $*" >&2; tail -5 "$work/last.err" >&2; exit 1; }
  tail -1 "$out"
}
connections_since() {  # distinct nginx connections and status counts since line $1
  tail -n +"$(($1 + 1))" "$ngx/logs/access.log" |
    awk '{c[$1]=1; s[$2]++} END {n=0; for (k in c) n++; printf "%d", n;
         for (k in s) printf " %s:%d", k, s[k]; print ""}'
}
log_lines() { wc -l < "$ngx/logs/access.log"; }

bytes=$(find -L "$www" -name '*.xml' -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
echo "feeds=$feeds unique_documents=$unique bytes_per_cycle=$bytes parallel=$parallel"
printf '%-6s %-22s %8s %10s  %s\n' run client wall_s peak_mb "connections statuses"
for ((r = 1; r <= repeat; r++)); do
  before=$(log_lines)
  read -r wall rss < <(measure curl --silent --parallel --parallel-max "$parallel" --config "$curl_config")
  printf '%-6s %-22s %8s %10.1f  %s\n' "$r" "curl (fetch only)" "$wall" "$(echo "$rss/1024" | bc -l)" "$(connections_since "$before")"

  state=$work/run$r
  rm -rf "$state" && write_config "$state"
  before=$(log_lines)
  read -r wall rss < <(measure "$binary" run -c "$state/newsalert.toml" --once)
  printf '%-6s %-22s %8s %10.1f  %s\n' "$r" "newsalert full (200)" "$wall" "$(echo "$rss/1024" | bc -l)" "$(connections_since "$before")"

  before=$(log_lines)
  read -r wall rss < <(measure "$binary" run -c "$state/newsalert.toml" --once)
  printf '%-6s %-22s %8s %10.1f  %s\n' "$r" "newsalert 304 cycle" "$wall" "$(echo "$rss/1024" | bc -l)" "$(connections_since "$before")"
  echo "items stored: $(sqlite3 "$state/state/newsalert.db" 'SELECT COUNT(*) FROM items') " \
       "feeds ok: $(sqlite3 "$state/state/newsalert.db" 'SELECT COUNT(*) FROM feeds WHERE consecutive_failures = 0')"
done
