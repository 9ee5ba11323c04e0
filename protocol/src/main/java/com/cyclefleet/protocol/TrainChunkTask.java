package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Train one chunk of a job: resume from {@code checkpointKey} (or start fresh when it is null), run at most
 * {@code maxIterations} iterations or {@code maxSeconds} seconds, whichever ends first, and write the next checkpoint.
 * A chunk is identified by (jobId, chunkIndex) so a redone chunk overwrites the same outputs.
 *
 * @param jobId          the training job
 * @param chunkIndex     0-based position of this chunk in the job
 * @param startIteration the iteration the checkpoint ends at (0 for a fresh start)
 * @param maxIterations  upper bound on iterations in this chunk
 * @param maxSeconds     upper bound on this chunk's wall time, in seconds
 * @param checkpointKey  object key of the checkpoint to resume from, or null for a fresh start
 * @param dataset        where the training images are
 * @param spec           the job's hyper-parameters
 * @param resumesFailures null for an ordinary chunk (the first one, or one a worker queued after the previous);
 *                        for a chunk a user's resume of a failed job queued, how many JobFailed events of the job it
 *                        answers (at least 1). Tasks and events are on different topics, so the coordinator counts
 *                        failures instead of relying on their order to know whether a job is still FAILED.
 * @param fineTune       the weights a fresh start (no checkpoint) begins from, null to initialise from the seed
 * @param holdOut        images of the dataset the chunk must not train on (the evaluation gate's), null for none
 */
@JsonTypeName("TrainChunkTask")
public record TrainChunkTask(
        String jobId,
        int chunkIndex,
        long startIteration,
        long maxIterations,
        long maxSeconds,
        String checkpointKey,
        DatasetRef dataset,
        TrainingSpec spec,
        Integer resumesFailures,
        @AddedField FineTuneStart fineTune,
        @AddedField HoldOut holdOut) implements Task {

    public TrainChunkTask {
        Require.text(jobId, "jobId");
        Require.atLeast(chunkIndex, 0, "chunkIndex");
        Require.atLeast(startIteration, 0, "startIteration");
        Require.atLeast(maxIterations, 1, "maxIterations");
        Require.atLeast(maxSeconds, 1, "maxSeconds");
        Require.present(dataset, "dataset");
        Require.present(spec, "spec");
        if (resumesFailures != null) {
            Require.atLeast(resumesFailures, 1, "resumesFailures");
        }
        if (checkpointKey == null && startIteration != 0) {
            throw new IllegalArgumentException(
                    "checkpointKey is required when startIteration is " + startIteration + " (only 0 starts fresh)");
        }
    }

    /** True when a user's resume of a failed job queued this chunk (see {@link #resumesFailures()}). */
    public boolean fromResume() {
        return resumesFailures != null;
    }

    /** True when there is no checkpoint to resume from. */
    public boolean freshStart() {
        return checkpointKey == null;
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
