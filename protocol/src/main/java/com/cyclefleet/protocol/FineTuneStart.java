package com.cyclefleet.protocol;

/**
 * Where a fine-tuning job starts: the weights of a model version instead of a fresh initialisation. The engine's
 * model file says what it holds. A checkpoint (or an import with discriminators) gives all four networks; a serving
 * bundle gives the generators, and the discriminators are drawn fresh from the job's seed. Either way the Adam
 * states, the image pools and the iteration count start fresh, and the job's own schedule applies.
 *
 * @param modelId    the model whose version is the starting point
 * @param version    that version
 * @param weightsKey object key of the version's model file ({@code models/{modelId}/v{version}/model.zip})
 */
public record FineTuneStart(String modelId, int version, String weightsKey) {

    public FineTuneStart {
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        Require.text(weightsKey, "weightsKey");
    }
}
