#!/usr/bin/env bash
# Start local OpenSearch nodes for lexdesk's cluster tests and benchmarks.
#
# The server, its modules and a launcher of a few lines come from Maven Central
# (resolved once into .cache/m2); each node is its own JVM bound to 127.0.0.1 on
# free ports, with a modest heap. The script returns once the cluster is green and
# prints the nodes' HTTP URLs, comma-separated, on stdout.
#
#   tools/opensearch/start.sh [--nodes N] [--dir DIR] [--parent PID] [--heap SIZE]
#
#   --nodes   how many nodes form the cluster (default 1)
#   --dir     where the nodes keep data and logs (default .cache/opensearch/run-PID);
#             DIR/nodes.tsv lists name, pid, HTTP port and transport port per node
#   --parent  the nodes stop when this process ends (default: never)
#   --heap    JVM heap per node (default 1g, with -Xms512m)
#
# Stop them with tools/opensearch/stop.sh DIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${LEXDESK_CACHE_DIR:-$repo/.cache}
nodes=1
dir=""
parent=0
heap=1g
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --parent) parent=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    *) echo "start.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
dir=${dir:-$cache/opensearch/run-$$}

for tool in java javac mvn; do
  command -v "$tool" >/dev/null || { echo "start.sh: $tool is not installed" >&2; exit 3; }
done

# Resolve the artifacts once per pom.xml, compile the launcher once per source.
key=$(cat "$here/pom.xml" "$here/src/LexdeskNode.java" "$here/src/log4j2.properties" | sha256sum | cut -c1-16)
build=$cache/opensearch/build-$key
if [ ! -f "$build/classpath.txt" ] || [ ! -f "$build/classes/LexdeskNode.class" ]; then
  mkdir -p "$build/classes"
  echo "start.sh: resolving OpenSearch from Maven Central into $cache/m2 (once)" >&2
  mvn -B -q -Dstyle.color=never -f "$here/pom.xml" -Dmaven.repo.local="$cache/m2" \
    dependency:build-classpath -Dmdep.outputFile="$build/classpath.txt" >&2
  javac -d "$build/classes" -cp "$(cat "$build/classpath.txt")" "$here/src/LexdeskNode.java"
  cp "$here/src/log4j2.properties" "$build/classes/"
fi
classpath="$build/classes:$(cat "$build/classpath.txt")"

# Two free loopback ports per node (HTTP, transport), all held until chosen.
read -r -a ports <<<"$(python3 - "$nodes" <<'PY'
import socket, sys
count = 2 * int(sys.argv[1])
sockets = []
for _ in range(count):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
print(" ".join(str(s.getsockname()[1]) for s in sockets))
for s in sockets:
    s.close()
PY
)"

mkdir -p "$dir"
: >"$dir/nodes.tsv"
seeds=""
managers=""
for ((i = 0; i < nodes; i++)); do
  seeds+="${seeds:+,}127.0.0.1:${ports[$((2 * i + 1))]}"
  managers+="${managers:+,}node-$i"
done
cluster="lexdesk-test-$(basename "$dir")"
for ((i = 0; i < nodes; i++)); do
  home="$dir/node-$i"
  mkdir -p "$home/tmp"
  http=${ports[$((2 * i))]}
  transport=${ports[$((2 * i + 1))]}
  setsid java -Xms512m -Xmx"$heap" -XX:+UseG1GC -Djava.io.tmpdir="$home/tmp" \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true \
    -Dlog4j.shutdownHookEnabled=false \
    -cp "$classpath" LexdeskNode "$home" "node-$i" "$http" "$transport" \
    "$cluster" "$seeds" "$managers" "$parent" >"$home/console.log" 2>&1 </dev/null &
  printf 'node-%s\t%s\t%s\t%s\n' "$i" "$!" "$http" "$transport" >>"$dir/nodes.tsv"
done

# Wait for green: every node joined, every shard assigned.
first=${ports[0]}
deadline=$((SECONDS + ${LEXDESK_CLUSTER_START_TIMEOUT:-180}))
until curl -fsS "http://127.0.0.1:$first/_cluster/health?wait_for_status=green&wait_for_nodes=$nodes&timeout=5s" >/dev/null 2>&1; do
  if ((SECONDS > deadline)); then
    echo "start.sh: cluster not green in time; last log lines:" >&2
    tail -n 20 "$dir"/node-*/console.log >&2 || true
    "$here/stop.sh" "$dir" >&2 || true
    exit 1
  fi
  while IFS=$'\t' read -r name pid _ _; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start.sh: $name exited; its log:" >&2
      tail -n 30 "$dir/$name/console.log" >&2 || true
      "$here/stop.sh" "$dir" >&2 || true
      exit 1
    fi
  done <"$dir/nodes.tsv"
  sleep 1
done

urls=""
while IFS=$'\t' read -r _ _ http _; do
  urls+="${urls:+,}http://127.0.0.1:$http"
done <"$dir/nodes.tsv"
echo "$urls"
