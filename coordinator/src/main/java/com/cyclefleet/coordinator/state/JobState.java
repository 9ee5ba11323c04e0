package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.FineTuneStart;
import com.cyclefleet.protocol.HoldOut;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TrainingSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A training job as folded from its events. Guarded by the {@link FleetState} lock. */
public final class JobState {

    /**
     * STALLED: a chunk was started by a worker that is gone (no heartbeat within the timeout, or restarted since); it
     * turns RUNNING again when another worker (or the restarted one) starts the chunk anew.
     */
    public enum Status { QUEUED, RUNNING, STALLED, DONE, FAILED, CANCELLED }

    final String jobId;
    final String modelId;
    final String datasetName;
    final DatasetRef dataset;
    final TrainingSpec spec;
    final long chunkIterations;
    final long chunkMaxSeconds;
    final Instant acceptedAt;
    /** From JobAccepted, so every chunk task the coordinator queues (a resume) carries them, after a restart too. */
    final FineTuneStart fineTune;
    final HoldOut holdOut;
    Instant updatedAt;

    long iteration;
    int epoch;
    double lr;
    Map<String, Double> losses = Map.of();
    double msPerIteration;
    int lastChunkIndex = -1;
    int chunksDone;
    Views.RunningChunkView running;
    final TreeMap<Long, String> checkpoints = new TreeMap<>();
    final TreeMap<Long, List<String>> samples = new TreeMap<>();
    int failures;
    String failureReason;
    boolean cancelled;
    boolean done;
    String finalCheckpointKey;
    String bundleKey;
    final List<JobEvent> events = new ArrayList<>();

    JobState(String jobId, String modelId, String datasetName, DatasetRef dataset, TrainingSpec spec,
             long chunkIterations, long chunkMaxSeconds, FineTuneStart fineTune, HoldOut holdOut,
             Instant acceptedAt) {
        this.jobId = jobId;
        this.modelId = modelId;
        this.datasetName = datasetName;
        this.dataset = dataset;
        this.spec = spec;
        this.chunkIterations = chunkIterations;
        this.chunkMaxSeconds = chunkMaxSeconds;
        this.fineTune = fineTune;
        this.holdOut = holdOut;
        this.acceptedAt = acceptedAt;
        this.updatedAt = acceptedAt;
    }

    /** @param failuresAnswered how many failures a resume has answered */
    Status status(int failuresAnswered) {
        if (done) {
            return Status.DONE;
        }
        if (cancelled) {
            return Status.CANCELLED;
        }
        if (failures > failuresAnswered) {
            return Status.FAILED;
        }
        return chunksDone == 0 && running == null ? Status.QUEUED : Status.RUNNING;
    }

    /** A job's event for its history and event stream: the envelope's id, type and time, and the record itself. */
    public record JobEvent(String id, String type, Instant timestamp, Message payload) {
    }
}
