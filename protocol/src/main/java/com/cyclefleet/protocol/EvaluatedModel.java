package com.cyclefleet.protocol;

/**
 * One model version an evaluation scores.
 *
 * @param modelId    the model
 * @param version    the version
 * @param weightsKey object key of its model file
 */
public record EvaluatedModel(String modelId, int version, String weightsKey) {

    public EvaluatedModel {
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        Require.text(weightsKey, "weightsKey");
    }
}
