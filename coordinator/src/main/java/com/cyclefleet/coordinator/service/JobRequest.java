package com.cyclefleet.coordinator.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of POST /jobs. Everything but {@code dataset} and {@code totalIterations} is optional.
 *
 * @param dataset          the dataset to train on (both domains must have images)
 * @param modelId          the model the finished job becomes a version of (default: the dataset name)
 * @param totalIterations  iterations the whole job runs
 * @param chunkIterations  iterations per chunk task (default cyclefleet.jobs.default-chunk-iterations)
 * @param chunkMaxSeconds  wall-time bound of a chunk (default cyclefleet.jobs.default-chunk-max-seconds)
 * @param hyperParameters  any fields of formats {@code TrainingParameters} (the rest take its defaults), the old
 *                         names {@code lambdaCycle}, {@code nearestResizeA}, {@code nearestResizeB}, and
 *                         {@code sampleEvery} (default cyclefleet.training.sample-every); read by
 *                         {@link JobRequestCheck#spec}
 */
public record JobRequest(
        String dataset,
        String modelId,
        Long totalIterations,
        Long chunkIterations,
        Long chunkMaxSeconds,
        JsonNode hyperParameters) {
}
