#!/usr/bin/env bash
# Stop the nodes that tools/opensearch/start.sh started in DIR (by their pids).
#   tools/opensearch/stop.sh DIR
set -uo pipefail
dir=${1:?usage: stop.sh DIR}
[ -f "$dir/nodes.tsv" ] || exit 0
pids=()
while IFS=$'\t' read -r _ pid _ _; do
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  fi
done <"$dir/nodes.tsv"
# A node closes its shards within seconds; one that hangs is killed.
for _ in $(seq 1 30); do
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" = 0 ] && exit 0
  sleep 0.5
done
for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
exit 0
