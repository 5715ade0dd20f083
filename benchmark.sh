#!/usr/bin/env bash
# The benchmark (JDK 21+; the edge part needs wrk, which it installs with apt-get when run as root): Kafka,
# PostgreSQL, the PG sandbox, the edge and the worker as separate OS processes on this machine. Prints one table:
#   saturation  N orders pre-loaded into Kafka, then one worker started: orders/s and events/s until every order
#               has its completion record; the same with the worker's per-record baseline mode; the ratio
#   latency     orders at a fixed arrival rate: PG result -> completion record p50/p95/p99/max
#   edge        requests/s and latency of issuance and redirects next to a do-nothing endpoint of the same app
#   ./benchmark.sh                      # everything, default sizes
#   ./benchmark.sh --part=pipeline --orders=50000 --rate=500 --latency-seconds=60
# Logs and results.md: tools/benchmark/target/bench-runs/<run>/. SKIP_BUILD=1 runs what was built last time.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/find-jdk.sh

# the edge part loads the edge with wrk (Debian's package, 4.1.0); as root, install it when it is missing
if ! command -v wrk >/dev/null 2>&1; then
  if [[ "$(id -u)" == "0" ]]; then
    apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
  else
    echo "wrk is not installed (the edge part needs it): sudo apt-get install -y wrk" >&2
  fi
fi

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  # package writes tools/benchmark/target/classpath.txt (the runtime classpath of the benchmark and of its child processes)
  ./mvnw -B -q -pl tools/benchmark -am package -DskipTests
fi
exec "$JAVA" -Xmx2g -cp "tools/benchmark/target/classes:$(cat tools/benchmark/target/classpath.txt)" \
  dev.payments.bench.Benchmark "$@"
