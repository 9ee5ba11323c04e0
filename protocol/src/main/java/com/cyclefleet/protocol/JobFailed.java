package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A training job stopped because of an error; it can be resumed from its last checkpoint.
 *
 * @param jobId  the job
 * @param reason what went wrong, for a human
 */
@JsonTypeName("JobFailed")
public record JobFailed(String jobId, String reason) implements Event {

    public JobFailed {
        Require.text(jobId, "jobId");
        Require.text(reason, "reason");
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
