package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The retraining policy of one dataset was set (replacing any earlier one). Carries the whole policy, so replaying
 * the event topic restores it.
 *
 * @param dataset            the dataset whose new images trigger retraining
 * @param enabled            false keeps the policy (and the pending count) but starts no retrain
 * @param modelId            the model retrained; its version promoted for the dataset is the starting point
 * @param minNewImages       a retrain starts once at least this many new images arrived since the last one
 * @param minIntervalMinutes and at least this many minutes passed since the last retrain started (0: no wait)
 * @param iterations         fine-tune iterations of one retrain
 * @param chunkIterations    iterations per chunk task of the retrain job
 * @param evalPrefix         held-out evaluation set as a key prefix, or null to hold out {@code evalFraction}
 * @param evalFraction       fraction of the images kept out of training for evaluation; 0 when evalPrefix is set
 * @param metric             the score the candidate is judged on
 * @param margin             how much better than the serving version the candidate must score to be promoted
 */
@JsonTypeName("RetrainPolicySet")
public record RetrainPolicySet(
        String dataset,
        boolean enabled,
        String modelId,
        long minNewImages,
        long minIntervalMinutes,
        long iterations,
        long chunkIterations,
        String evalPrefix,
        double evalFraction,
        EvalMetric metric,
        double margin) implements Event {

    public RetrainPolicySet {
        Require.text(dataset, "dataset");
        Require.text(modelId, "modelId");
        Require.atLeast(minNewImages, 1, "minNewImages");
        Require.atLeast(minIntervalMinutes, 0, "minIntervalMinutes");
        Require.atLeast(iterations, 1, "iterations");
        Require.atLeast(chunkIterations, 1, "chunkIterations");
        Require.optionalText(evalPrefix, "evalPrefix");
        Require.atLeast(evalFraction, 0.0, "evalFraction");
        if (evalPrefix == null ? !(evalFraction > 0 && evalFraction < 1) : evalFraction != 0) {
            throw new IllegalArgumentException("give either evalPrefix or an evalFraction between 0 and 1 (exclusive),"
                    + " was evalPrefix " + evalPrefix + ", evalFraction " + evalFraction);
        }
        Require.present(metric, "metric");
        Require.atLeast(margin, 0.0, "margin");
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
