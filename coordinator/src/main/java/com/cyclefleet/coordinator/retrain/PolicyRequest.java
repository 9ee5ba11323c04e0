package com.cyclefleet.coordinator.retrain;

/**
 * Body of {@code PUT /datasets/{name}/retraining}. Every field is optional and defaults to
 * {@code cyclefleet.retrain.defaults.*} (modelId to the dataset's name); give {@code evalPrefix} or
 * {@code evalFraction}, not both.
 *
 * @param enabled            start retrains (default true)
 * @param modelId            the model retrained; its version promoted for the dataset is the starting point
 * @param minNewImages       retrain after at least this many new images (at least 1)
 * @param minIntervalMinutes and at most once every this many minutes (0: no limit)
 * @param iterations         fine-tune iterations
 * @param chunkIterations    iterations per chunk task
 * @param evalPrefix         held-out evaluation set: a key prefix ending in '/' that holds images
 * @param evalFraction       or the fraction of the data kept out of training, between 0 and 1
 * @param metric             pixelAccuracy, classIou, psnr, ssim (paired sets), cycleL1, identityL1
 * @param margin             how much the candidate must win by (0 or more)
 */
public record PolicyRequest(
        Boolean enabled,
        String modelId,
        Long minNewImages,
        Long minIntervalMinutes,
        Long iterations,
        Long chunkIterations,
        String evalPrefix,
        Double evalFraction,
        String metric,
        Double margin) {
}
