# Sourced by the project's start scripts: sets JAVA to a JDK 21+ java, or exits with a message.
# Uses JAVA_HOME, else the java on PATH; if that is older than 21, takes the newest JDK 21+ under /usr/lib/jvm
# (and exports it as JAVA_HOME, so the Maven wrapper builds with it too).

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

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
