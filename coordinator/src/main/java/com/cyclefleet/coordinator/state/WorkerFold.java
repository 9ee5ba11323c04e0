package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.WorkerHeartbeat;
import com.cyclefleet.protocol.codec.Envelope;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The workers, folded from their heartbeats. Guarded by the {@link FleetState} lock. */
final class WorkerFold {

    private final Map<String, WorkerState> workers = new TreeMap<>();

    void fold(Envelope record) {
        if (record.payload() instanceof WorkerHeartbeat h) {
            Instant at = record.timestamp();
            WorkerState w = workers.computeIfAbsent(h.workerId(), WorkerState::new);
            // one partition keeps a worker's heartbeats in order; max() still guards a replay of mixed incarnations
            if (!at.isBefore(w.lastHeartbeat)) {
                w.lastHeartbeat = at;
                w.roles = h.roles();
                w.currentTask = h.currentTask();
                w.intervalMillis = h.intervalMillis();
                Instant started = Instant.ofEpochMilli(h.startedAtMillis());
                if (started.isAfter(w.processStartedAt)) {
                    w.processStartedAt = started;
                }
            }
        }
    }

    /** @return null for a worker that sent no heartbeat in this history */
    WorkerState get(String workerId) {
        return workers.get(workerId);
    }

    /** By worker id. */
    Collection<WorkerState> all() {
        return workers.values();
    }
}
