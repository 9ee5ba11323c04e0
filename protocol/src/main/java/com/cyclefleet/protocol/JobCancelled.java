package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A user cancelled a training job; workers drop its pending chunk.
 *
 * @param jobId the job
 */
@JsonTypeName("JobCancelled")
public record JobCancelled(String jobId) implements Event {

    public JobCancelled {
        Require.text(jobId, "jobId");
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
