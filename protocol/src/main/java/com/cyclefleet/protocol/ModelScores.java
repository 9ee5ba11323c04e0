package com.cyclefleet.protocol;

import java.util.Map;

/**
 * One version's scores on an evaluation's held-out images.
 *
 * @param modelId the model
 * @param version the version
 * @param scores  every metric the images allowed, each a finite number
 */
public record ModelScores(String modelId, int version, Map<EvalMetric, Double> scores) {

    public ModelScores {
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        scores = Map.copyOf(Require.present(scores, "scores"));
        scores.forEach((metric, score) -> {
            if (score == null || !Double.isFinite(score)) {
                throw new IllegalArgumentException("score " + metric.wireName() + " must be a finite number, was "
                        + score);
            }
        });
    }
}
