#!/usr/bin/env bash
# The long fault suite (JDK 21+ only): Kafka, PostgreSQL, the PG sandbox, the edge and 1-3 workers as separate OS
# processes; each scenario drives orders through the real edge while its faults happen and money drifts at the PG,
# reconciles its window with the PG's transactions (twice), then checks every invariant and prints the figures table
# and the reconciliation report; finally the whole input topic is replayed into a fresh consumer group.
#   ./fault-suite.sh --orders=600 --scenario=all        # the figures in tools/fault-suite/README.md (14 min)
#   ./fault-suite.sh --orders=11400 --scenario=all      # the long version: 100,320 orders in all
# Options: --orders=N (per scenario, default 1000; plus N/10 shop orders), --scenario=all|baseline,kill-worker,
# broker-restart,postgres-restart,postgres-crash,rebalance,sandbox-faults,all-together, --concurrency=C (default 32), --no-replay.
# Logs and figures.md: tools/fault-suite/target/fault-runs/<run>/. SKIP_BUILD=1 runs what was built last time.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/find-jdk.sh

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  # package writes tools/fault-suite/target/classpath.txt (the runtime classpath of the suite and of its child processes)
  ./mvnw -B -q -pl tools/fault-suite -am package -DskipTests
fi
exec "$JAVA" -Xmx2g -cp "tools/fault-suite/target/classes:$(cat tools/fault-suite/target/classpath.txt)" \
  dev.payments.faults.FaultSuite "$@"
