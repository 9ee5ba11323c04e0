package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.EvalMetric;
import com.cyclefleet.protocol.FineTuneStart;
import com.cyclefleet.protocol.HoldOut;
import com.cyclefleet.protocol.ModelVersionKind;
import com.cyclefleet.protocol.RetrainDecided;
import com.cyclefleet.protocol.TrainingSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Immutable snapshots of the folded state, as the REST API returns them. */
public final class Views {

    private Views() {
    }

    /**
     * A worker as its heartbeats describe it.
     *
     * @param alive            whether its last heartbeat is within the coordinator's heartbeat timeout
     * @param processStartedAt when its current process started (changes when it is restarted)
     */
    public record WorkerView(String workerId, List<String> roles, String currentTask, boolean alive,
                             Instant lastHeartbeat, Instant processStartedAt, long heartbeatIntervalMillis) {
    }

    public record CheckpointView(long iteration, String key) {
    }

    public record SampleView(long iteration, List<String> keys) {
    }

    /** The chunk a worker is running now (announced by ChunkStarted, ended by its ChunkDone or the job's end). */
    public record RunningChunkView(int chunkIndex, long startIteration, String workerId, Instant startedAt) {
    }

    public record JobView(
            String jobId,
            String modelId,
            String dataset,
            JobState.Status status,
            long iteration,
            long totalIterations,
            int epoch,
            double lr,
            Map<String, Double> losses,
            double msPerIteration,
            int chunksDone,
            int lastChunkIndex,
            RunningChunkView runningChunk,
            long chunkIterations,
            long chunkMaxSeconds,
            int failures,
            String failureReason,
            Instant acceptedAt,
            Instant updatedAt,
            String finalCheckpointKey,
            String bundleKey,
            Integer modelVersion,
            List<CheckpointView> checkpoints,
            List<SampleView> samples,
            DatasetRef datasetRef,
            TrainingSpec spec,
            FineTuneStart fineTune,
            HoldOut holdOut) {
    }

    /**
     * A model version.
     *
     * @param scores   its scores in the latest evaluation that scored it (as candidate or as baseline), empty before
     * @param decision the evaluation gate's decision on it as a retrain's candidate (promoted or rejected, with the
     *                 reason and both scores), null when it was not a candidate or is still waiting
     */
    public record ModelVersionView(
            String modelId,
            int version,
            ModelVersionKind kind,
            String source,
            long iteration,
            String dataset,
            String key,
            Map<Direction, String> generatorKeys,
            Instant createdAt,
            Map<EvalMetric, Double> scores,
            RetrainDecided decision) {
    }

    public record PromotionView(String dataset, Direction direction, String modelId, int version, Instant promotedAt) {
    }

    public record ModelView(String modelId, int latestVersion, List<ModelVersionView> versions,
                            List<PromotionView> defaults) {
    }

    public record TranslationView(
            String requestId,
            TranslationState.Status status,
            String modelId,
            int modelVersion,
            Direction direction,
            String inputKey,
            String outputKey,
            String batchId,
            long latencyMs,
            int batchSize,
            String reason,
            Instant submittedAt,
            Instant finishedAt) {
    }

    public record BatchView(String batchId, String inputPrefix, String outputPrefix, int total, int done, int failed,
                            int pending, List<String> failedRequests) {
    }

    public record DomainView(String prefix, boolean registered, long count, String lastKey, Instant updatedAt) {
    }

    public record DatasetView(String name, Map<Domain, DomainView> domains) {
    }
}
