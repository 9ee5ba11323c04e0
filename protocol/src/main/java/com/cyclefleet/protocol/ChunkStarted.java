package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A worker took a training chunk and is running it. Informational: a chunk that is started but never done (its
 * worker died) is started again by the next worker, so a job may see several of these for one chunk index.
 *
 * @param jobId          the job
 * @param chunkIndex     the chunk being run
 * @param startIteration the iteration the chunk starts from
 * @param workerId       the worker running it
 */
@JsonTypeName("ChunkStarted")
public record ChunkStarted(
        String jobId,
        int chunkIndex,
        long startIteration,
        String workerId) implements Event {

    public ChunkStarted {
        Require.text(jobId, "jobId");
        Require.atLeast(chunkIndex, 0, "chunkIndex");
        Require.atLeast(startIteration, 0, "startIteration");
        Require.text(workerId, "workerId");
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
