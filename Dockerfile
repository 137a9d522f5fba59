# syntax=docker/dockerfile:1
# docker build -t orders --build-arg VERSION=0.1.0 --build-arg REVISION="$(git rev-parse HEAD)" .
# See docs/deploy.md for compose, Kubernetes and the reasons behind every setting below.

# Build: Maven on a JDK image. The dependency layer is resolved from pom.xml alone, so it stays
# cached until the pom changes.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -Pimage dependency:go-offline
COPY proto proto
COPY sql sql
COPY perf/scenarios perf/scenarios
COPY src/main src/main
# -Pimage leaves out the embedded PostgreSQL that only `orders dev` uses (its binaries are 14 MB of
# the jar). The checks fail the build if a pom change lets them back in, or if a command class still
# names an embedded-PostgreSQL type where picocli's start-up reflection loads it (every command would fail).
RUN mvn -B -q -Pimage -Dmaven.test.skip=true package \
 && if jar tf target/orders.jar | grep -q '^postgres-linux'; then \
      echo "target/orders.jar carries embedded PostgreSQL binaries: the image profile must leave them out" >&2; exit 1; \
    fi \
 && java -jar target/orders.jar --help >/dev/null

# Run: JRE only, numeric non-root user (Kubernetes' runAsNonRoot can only verify a numeric one).
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="orders" \
      org.opencontainers.image.description="gRPC order service on Vert.x 5, PostgreSQL and Redis" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:17-jre" \
      org.opencontainers.image.documentation="docs/deploy.md"
WORKDIR /app
COPY --from=build /src/target/orders.jar /app/orders.jar
USER 1001:1001
# 50051: gRPC (ORDERS_GRPC_PORT); 9090: admin HTTP, /metrics and /health/* (ORDERS_ADMIN_PORT).
EXPOSE 50051 9090

# `orders health` asks grpc.health.v1 for the `readiness` service (SERVING only while PostgreSQL
# answers) and exits 0 or 1. It runs inside the service's own cgroup every interval, so it gets
# the smallest JVM that can make one gRPC call: its memory counts against the container's limit
# and its CPU competes with the event loops.
#   -XX:TieredStopAtLevel=1  C1 only: a JVM that lives a second never pays back C2's compile time
#   -XX:+UseSerialGC         no parallel GC threads to start for a heap that never fills
#   -Xss512k, -Xmx32m        small fixed footprint, not a quarter of the container's memory
# start-period: JVM start, pool connect and the first PostgreSQL check; failures in it do not count.
# The target port is fixed (exec form expands no variables): if ORDERS_GRPC_PORT changes, override
# the health check too (docker run --health-cmd, or compose's healthcheck.test).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx32m", \
       "-jar", "/app/orders.jar", "health", "--target", "127.0.0.1:50051", "--service", "readiness"]

# Exec form: java is PID 1 and receives SIGTERM itself (readiness NOT_SERVING, delay, drain).
# The JVM reads the container's CPU and memory limits itself (UseContainerSupport, on by default):
#   -XX:MaxRAMPercentage=70      heap = 70% of the memory limit; the rest is for metaspace, code
#                                cache, thread stacks and Netty's direct buffers, so the kernel's
#                                OOM killer is never the one that stops us
#   -XX:+ExitOnOutOfMemoryError  after an OutOfMemoryError the process is in an unknown state:
#                                exit, so the orchestrator replaces it instead of routing calls to it
#   -XX:+UseG1GC                 deliberate: under 2 CPUs or 1792 MB (our pod size) ergonomics pick
#                                Serial GC, whose full-heap pauses stop every event loop at once; G1
#                                keeps pauses short; ZGC in 17 is not generational and wants more headroom
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", "-jar", "/app/orders.jar"]
# Alone, `serve` migrates first; compose and Kubernetes run `migrate` once and `serve --no-migrate`.
CMD ["serve"]
