#!/usr/bin/env bash
# The whole payments system on this machine (JDK 21+ only): in-process Kafka, embedded PostgreSQL, PG sandbox,
# worker and api-edge. Options (see launcher/README.md): --reset, --data-dir=..., --edge-port=..., ...
# SKIP_BUILD=1 starts the jar built last time.
set -euo pipefail
cd "$(dirname "$0")"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# Use JAVA_HOME, else the java on PATH; if that is older than 21, take the newest JDK 21+ under /usr/lib/jvm.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$JAVA" >/dev/null || [[ "$(java_major "$JAVA")" -lt 21 ]]; then
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    if [[ -x "$candidate/bin/javac" && "$(java_major "$candidate/bin/java")" -ge 21 ]]; then
      export JAVA_HOME="${candidate%/}"
      JAVA="$JAVA_HOME/bin/java"
      break
    fi
  done
fi
if [[ "$(java_major "$JAVA" 2>/dev/null || echo 0)" -lt 21 ]]; then
  echo "JDK 21 or newer needed: set JAVA_HOME to one." >&2
  exit 1
fi

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl launcher -am package -DskipTests
fi
exec "$JAVA" -jar launcher/target/launcher-0.1.0-SNAPSHOT-exec.jar "$@"
