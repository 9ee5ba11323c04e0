package com.cyclefleet.worker.ops;

import java.time.Duration;
import java.util.Map;

/**
 * How often a worker tells the coordinator it is alive, from {@value #ENV_INTERVAL_MS}. The coordinator's liveness
 * timeout ({@code cyclefleet.workers.heartbeat-timeout}) must be a few intervals long, so one late or lost heartbeat
 * does not mark the worker gone.
 *
 * @param interval time between two heartbeats
 */
public record HeartbeatConfig(Duration interval) {

    public static final String ENV_INTERVAL_MS = "CYCLEFLEET_WORKER_HEARTBEAT_MS";
    /** A third of the coordinator's default 10 s timeout: two heartbeats may be lost before the worker counts as gone. */
    public static final long DEFAULT_INTERVAL_MS = 3_000;

    public HeartbeatConfig {
        if (interval == null || interval.toMillis() < 1) {
            throw new IllegalArgumentException(ENV_INTERVAL_MS + " must be at least 1, was " + interval);
        }
    }

    public static HeartbeatConfig defaults() {
        return new HeartbeatConfig(Duration.ofMillis(DEFAULT_INTERVAL_MS));
    }

    public static HeartbeatConfig fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV_INTERVAL_MS);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return new HeartbeatConfig(Duration.ofMillis(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENV_INTERVAL_MS + " must be a whole number, was '" + value + "'");
        }
    }
}
