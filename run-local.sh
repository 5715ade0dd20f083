#!/usr/bin/env bash
# The whole payments system on this machine (JDK 21+ only): in-process Kafka, embedded PostgreSQL, PG sandbox,
# worker, api-edge and the demo shop. Options (see tools/launcher/README.md): --reset, --data-dir=..., --edge-port=..., ...
# SKIP_BUILD=1 starts the jar built last time.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/find-jdk.sh

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl tools/launcher -am package -DskipTests
fi
exec "$JAVA" -jar tools/launcher/target/launcher-0.1.0-SNAPSHOT-exec.jar "$@"
