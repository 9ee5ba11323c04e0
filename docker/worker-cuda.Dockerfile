# syntax=docker/dockerfile:1.7
# CycleFleet CUDA worker: the worker built with -Pcuda (org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1 instead of nd4j-native)
# on the CUDA 11.6 + cuDNN 8 runtime. Build context: the repository root.
#   docker build -f docker/worker-cuda.Dockerfile -t cyclefleet/worker-cuda:0.1.0 .
# The ND4J CUDA kernels cover sm_37..sm_86 without PTX: Volta, Turing, Ampere and Ada GPUs; not Hopper (sm_90).
# Host needs an NVIDIA driver >= 510 (CUDA 11.6) and the NVIDIA Container Toolkit.

FROM eclipse-temurin:17-jdk-jammy AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# -Pcuda needs the engine in the same reactor (-am): the profile lives in engine/pom.xml. ~610 MB of CUDA jars.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -Pcuda -pl worker -am package -DskipTests \
 && test -d worker/target/classes \
 && ls worker/target/lib/nd4j-cuda-11.6-*-linux-x86_64.jar \
 && ! ls worker/target/lib/nd4j-native-* 2>/dev/null

FROM eclipse-temurin:17-jre-jammy AS jre

FROM nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04 AS runtime
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --home-dir /app --no-create-home cyclefleet \
 && mkdir -p /app /var/cache/cyclefleet && chown 10001:10001 /app /var/cache/cyclefleet
WORKDIR /app
COPY --from=build --chown=10001:10001 /src/worker/target/lib/ worker/target/lib/
COPY --from=build --chown=10001:10001 /src/worker/target/classes/ worker/target/classes/
USER 10001
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    CYCLEFLEET_WORKER_HTTP_PORT=8081 \
    CYCLEFLEET_WORKER_CACHE_DIR=/var/cache/cyclefleet \
    JAVA_TOOL_OPTIONS="-Xmx2g -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/var/cache/cyclefleet/javacpp"
VOLUME ["/var/cache/cyclefleet"]
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=8 \
  CMD curl -fsS http://localhost:8081/health || exit 1
ENTRYPOINT ["java", "-cp", "worker/target/classes:worker/target/lib/*", "com.cyclefleet.worker.WorkerMain"]
