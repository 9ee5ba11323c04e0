package com.cyclefleet.coordinator.state;

import java.time.Instant;
import java.util.List;

/** A worker as folded from its heartbeats. Guarded by the {@link FleetState} lock. */
final class WorkerState {

    final String workerId;
    List<String> roles = List.of();
    String currentTask;
    /** The running process's start: a later value means the worker was restarted under the same id. */
    Instant processStartedAt = Instant.EPOCH;
    Instant lastHeartbeat = Instant.EPOCH;
    long intervalMillis;

    WorkerState(String workerId) {
        this.workerId = workerId;
    }
}
