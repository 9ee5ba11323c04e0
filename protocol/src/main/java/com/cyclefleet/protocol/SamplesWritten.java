package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.List;

/**
 * Sample image grids (real, fake, reconstructed) of a job are in object storage.
 *
 * @param jobId     the job
 * @param iteration the iteration they were taken at
 * @param keys      the images' object keys
 */
@JsonTypeName("SamplesWritten")
public record SamplesWritten(String jobId, long iteration, List<String> keys) implements Event {

    public SamplesWritten {
        Require.text(jobId, "jobId");
        Require.atLeast(iteration, 0, "iteration");
        keys = List.copyOf(Require.present(keys, "keys"));
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
