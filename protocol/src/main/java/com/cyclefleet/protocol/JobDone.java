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
 * @param bundleKey          object key of the serving bundle ({@code model.zip}: both generators and their
 *                           architecture) that the job's final model version is copied from
 */
@JsonTypeName("JobDone")
public record JobDone(
        String jobId,
        long iterations,
        String finalCheckpointKey,
        Map<Direction, String> generatorKeys,
        String bundleKey) implements Event {

    public JobDone {
        Require.text(jobId, "jobId");
        Require.atLeast(iterations, 1, "iterations");
        Require.text(finalCheckpointKey, "finalCheckpointKey");
        generatorKeys = Map.copyOf(Require.present(generatorKeys, "generatorKeys"));
        Require.text(bundleKey, "bundleKey");
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
