# syntax=docker/dockerfile:1.7
# CycleFleet CPU worker (ND4J nd4j-native, oneDNN). Build context: the repository root.
#   docker build -f docker/worker.Dockerfile -t cyclefleet/worker:0.1.0 .
# The default classifier needs AVX2 (every x86-64 server CPU since 2013); on AVX-512 hosts pass
#   --build-arg ND4J_CLASSIFIER=linux-x86_64-onednn-avx512   (3-5x faster convolutions than plain linux-x86_64)

FROM eclipse-temurin:17-jdk-jammy AS build
ARG ND4J_CLASSIFIER=linux-x86_64-onednn-avx2
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# worker/pom.xml copies the runtime classpath into worker/target/lib during package.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -pl worker -am package -DskipTests -Dnd4j.classifier=${ND4J_CLASSIFIER} \
 && test -d worker/target/classes && test -d worker/target/lib

FROM eclipse-temurin:17-jre-jammy AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --home-dir /app --no-create-home cyclefleet \
 && mkdir -p /var/cache/cyclefleet && chown 10001:10001 /var/cache/cyclefleet
WORKDIR /app
COPY --from=build --chown=10001:10001 /src/worker/target/lib/ worker/target/lib/
COPY --from=build --chown=10001:10001 /src/worker/target/classes/ worker/target/classes/
USER 10001
# JavaCPP unpacks the native libraries (~360 MB) into the cache volume once; OpenMP spin-waiting hurts on shared cores.
ENV CYCLEFLEET_WORKER_HTTP_PORT=8081 \
    CYCLEFLEET_WORKER_CACHE_DIR=/var/cache/cyclefleet \
    OMP_WAIT_POLICY=PASSIVE \
    JAVA_TOOL_OPTIONS="-Xmx2g -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/var/cache/cyclefleet/javacpp"
VOLUME ["/var/cache/cyclefleet"]
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=8 \
  CMD curl -fsS http://localhost:8081/health || exit 1
ENTRYPOINT ["java", "-cp", "worker/target/classes:worker/target/lib/*", "com.cyclefleet.worker.WorkerMain"]
