package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.Direction;

import java.time.Instant;

/** A translation request as folded from its task and result events. Guarded by the {@link FleetState} lock. */
public final class TranslationState {

    public enum Status { PENDING, DONE, FAILED }

    final String requestId;
    String modelId;
    int modelVersion;
    Direction direction;
    String inputKey;
    String outputKey;
    Instant submittedAt;
    String batchId;
    Status status = Status.PENDING;
    long latencyMs;
    int batchSize;
    String reason;
    Instant finishedAt;

    TranslationState(String requestId) {
        this.requestId = requestId;
    }
}
