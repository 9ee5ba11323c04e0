# syntax=docker/dockerfile:1.7
# CycleFleet coordinator: Quarkus fast-jar (coordinator/target/quarkus-app). Build context: the repository root.
#   docker build -f docker/coordinator.Dockerfile -t cyclefleet/coordinator:0.1.0 .

FROM eclipse-temurin:17-jdk-jammy AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# BuildKit cache mount keeps ~/.m2 between builds; -am builds protocol and storage in the same reactor.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -pl coordinator -am package -DskipTests \
 && test -f coordinator/target/quarkus-app/quarkus-run.jar

FROM eclipse-temurin:17-jre-jammy AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --home-dir /app --no-create-home cyclefleet
WORKDIR /app
# fast-jar layout, least- to most-often changing layer
COPY --from=build --chown=10001:10001 /src/coordinator/target/quarkus-app/lib/ coordinator/target/quarkus-app/lib/
COPY --from=build --chown=10001:10001 /src/coordinator/target/quarkus-app/quarkus/ coordinator/target/quarkus-app/quarkus/
COPY --from=build --chown=10001:10001 /src/coordinator/target/quarkus-app/app/ coordinator/target/quarkus-app/app/
COPY --from=build --chown=10001:10001 /src/coordinator/target/quarkus-app/quarkus-run.jar coordinator/target/quarkus-app/
USER 10001
ENV QUARKUS_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-Xmx1g -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=12 \
  CMD curl -fsS http://localhost:8080/q/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "coordinator/target/quarkus-app/quarkus-run.jar"]
