# syntax=docker/dockerfile:1
#
# One multi-stage image recipe for every service of the reactor. Build from the repository root (the Maven reactor
# is the build context), naming the module (its artifactId, wherever it lives: api-edge/, tools/pg-sandbox/...) and its
# HTTP port:
#   docker build --build-arg MODULE=api-edge   --build-arg PORT=8080 -t payments/api-edge .
#   docker build --build-arg MODULE=worker     --build-arg PORT=8081 -t payments/worker .
#   docker build --build-arg MODULE=pg-sandbox --build-arg PORT=8090 -t payments/pg-sandbox .
# docker-compose.yml passes exactly these; system-tests' ComposeFileTest checks that each MODULE is a module of the
# root pom with an executable jar and that this file copies every module's pom and sources.
#
# Trade-off of one file: the source layer holds every module's sources, so a source change in any module rebuilds
# every image's package step (the dependency layer, keyed on the poms only, stays cached). In exchange the three
# services cannot drift apart in base image, user, JVM flags or health check.

# Build arguments every stage needs: declared here, re-declared (without value) inside each stage that uses them.
ARG MODULE
ARG PORT
ARG HEALTH_PATH=/actuator/health

# ---- build: pinned JDK (the same Temurin release CI tests with) -------------------------------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
ARG MODULE
ARG PORT
# a missing --build-arg fails here, not as an image that listens on the wrong port or has no application
RUN if [ -z "$MODULE" ]; then echo 'build with --build-arg MODULE=<module> (api-edge, worker, pg-sandbox)' >&2; exit 1; fi; \
    if [ -z "$PORT" ]; then echo 'build with --build-arg PORT=<the service port>' >&2; exit 1; fi
WORKDIR /src

# Dependency layer: the wrapper and every pom of the reactor (Maven needs all modules the root pom lists), then
# resolve dependencies and plugins. Rebuilt only when a pom or the wrapper changes, not on a source change.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY schemas/pom.xml schemas/
COPY service-support/pom.xml service-support/
COPY api-edge/pom.xml api-edge/
COPY worker/pom.xml worker/
COPY tools/test-support/pom.xml tools/test-support/
COPY tools/pg-sandbox/pom.xml tools/pg-sandbox/
COPY tools/demo-shop/pom.xml tools/demo-shop/
COPY tools/launcher/pom.xml tools/launcher/
COPY tools/system-tests/pom.xml tools/system-tests/
COPY tools/fault-suite/pom.xml tools/fault-suite/
COPY tools/benchmark/pom.xml tools/benchmark/
RUN ./mvnw -B -q -pl ":$MODULE" -am dependency:go-offline -DexcludeGroupIds=dev.payments

# Sources of every module; Maven builds only this module and the modules it needs (-am). Tests run in CI
# (./mvnw -B verify), not in the image build; formatting is checked there too.
COPY schemas/src/ schemas/src/
COPY service-support/src/ service-support/src/
COPY api-edge/src/ api-edge/src/
COPY worker/src/ worker/src/
COPY tools/test-support/src/ tools/test-support/src/
COPY tools/pg-sandbox/src/ tools/pg-sandbox/src/
COPY tools/demo-shop/src/ tools/demo-shop/src/
COPY tools/launcher/src/ tools/launcher/src/
COPY tools/system-tests/src/ tools/system-tests/src/
COPY tools/fault-suite/src/ tools/fault-suite/src/
COPY tools/benchmark/src/ tools/benchmark/src/
RUN set -eu; \
    ./mvnw -B -q -pl ":$MODULE" -am package -DskipTests -Dspotless.check.skip=true; \
    set -- $(find . -path "*/target/$MODULE-*-exec.jar"); \
    if [ "$#" -ne 1 ]; then echo "expected one executable jar $MODULE-*-exec.jar in a target folder" >&2; exit 1; fi; \
    cp "$1" /tmp/app.jar

# Spring Boot layered extraction (Boot 4 "tools" jar mode): dependencies, spring-boot-loader, snapshot-dependencies
# and application become separate image layers, so a code change ships only the small application layer.
WORKDIR /extracted
RUN java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher --destination /extracted

# ---- runtime: pinned JRE, non-root ---------------------------------------------------------------------------
FROM eclipse-temurin:25.0.3_9-jre-noble AS runtime
ARG MODULE
ARG PORT
ARG HEALTH_PATH
LABEL org.opencontainers.image.title="payments-${MODULE}"
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
# least to most often changed
COPY --from=build --chown=10001:10001 /extracted/dependencies/ ./
COPY --from=build --chown=10001:10001 /extracted/spring-boot-loader/ ./
COPY --from=build --chown=10001:10001 /extracted/snapshot-dependencies/ ./
COPY --from=build --chown=10001:10001 /extracted/application/ ./
USER 10001:10001

# The service's default port (its server.port in <module>.yml) and health path, for EXPOSE and the health check.
# Deliberately not SERVER_PORT: the image does not override the service's own configuration.
ENV PAYMENTS_IMAGE_PORT=${PORT} \
    PAYMENTS_IMAGE_HEALTH_PATH=${HEALTH_PATH}
EXPOSE ${PORT}

# The JRE image has no curl; bash (present in this Ubuntu-based image) speaks HTTP over /dev/tcp, which costs far
# less than starting a second JVM every interval. Healthy only on HTTP 200: /actuator/health answers 503 while Kafka
# or (where used) the database is unreachable. Follows SERVER_PORT if an operator overrides it. (HEALTHCHECK takes no
# build arguments, hence the ENV above, which bash expands when the check runs.)
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-$PAYMENTS_IMAGE_PORT} && printf 'GET %s HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' \"$PAYMENTS_IMAGE_HEALTH_PATH\" >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Container-aware heap (75% of the container's memory limit); die on OOM so the orchestrator restarts a clean JVM
# instead of one limping on. Exec form: java is PID 1 and gets SIGTERM for Spring's graceful shutdown. Extra flags:
# JAVA_TOOL_OPTIONS. Configuration: environment variables only (CONTRACT §6), defaults in <module>.yml in the jar.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
