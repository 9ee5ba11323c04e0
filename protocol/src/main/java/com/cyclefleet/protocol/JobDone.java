package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Map;

/**
 * A training job reached its planned number of iterations and exported its generators.
 *
 * @param jobId              the job
 * @param iterations         iterations trained in total
 * @param finalCheckpointKey object key of the last checkpoint
 * @param generatorKeys      object key of each exported generator
 */
@JsonTypeName("JobDone")
public record JobDone(
        String jobId,
        long iterations,
        String finalCheckpointKey,
        Map<Direction, String> generatorKeys) implements Event {

    public JobDone {
        Require.text(jobId, "jobId");
        Require.atLeast(iterations, 1, "iterations");
        Require.text(finalCheckpointKey, "finalCheckpointKey");
        generatorKeys = Map.copyOf(Require.present(generatorKeys, "generatorKeys"));
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
