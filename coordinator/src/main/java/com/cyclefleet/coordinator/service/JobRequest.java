package com.cyclefleet.coordinator.service;

/**
 * Body of POST /jobs. Everything but {@code dataset} and {@code totalIterations} is optional; hyper-parameters
 * default to {@code cyclefleet.training.*}.
 *
 * @param dataset          the dataset to train on (both domains must have images)
 * @param modelId          the model the finished job becomes a version of (default: the dataset name)
 * @param totalIterations  iterations the whole job runs
 * @param chunkIterations  iterations per chunk task (default cyclefleet.jobs.default-chunk-iterations)
 * @param chunkMaxSeconds  wall-time bound of a chunk (default cyclefleet.jobs.default-chunk-max-seconds)
 * @param hyperParameters  the engine's hyper-parameters, each optional
 */
public record JobRequest(
        String dataset,
        String modelId,
        Long totalIterations,
        Long chunkIterations,
        Long chunkMaxSeconds,
        HyperParameters hyperParameters) {

    /** The engine's options (protocol TrainingSpec), each optional. */
    public record HyperParameters(
            String netG,
            Integer ngf,
            Integer ndf,
            String ganMode,
            Double lambdaCycle,
            Double lambdaIdentity,
            Integer poolSize,
            Integer loadSize,
            Integer cropSize,
            Integer epochs,
            Integer epochsDecay,
            Integer batchSize,
            Long seed,
            Double lr,
            Double beta1,
            Boolean nearestResizeA,
            Boolean nearestResizeB,
            Integer sampleEvery) {
    }
}
