package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A checkpoint of a job is in object storage.
 *
 * @param jobId     the job
 * @param iteration the iteration the checkpoint ends at
 * @param key       the checkpoint's object key
 */
@JsonTypeName("CheckpointWritten")
public record CheckpointWritten(String jobId, long iteration, String key) implements Event {

    public CheckpointWritten {
        Require.text(jobId, "jobId");
        Require.atLeast(iteration, 0, "iteration");
        Require.text(key, "key");
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
