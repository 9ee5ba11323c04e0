package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Translate one stored image with one model version.
 *
 * @param requestId         the translation request; also the key of its result events
 * @param modelId           the model; tasks are keyed by it so one worker sees a model's requests together and
 *                          can batch them
 * @param modelVersion      the model version (1-based)
 * @param direction         which generator to apply
 * @param inputKey          object key of the input image
 * @param outputKey         object key the translated image is written to
 * @param submittedAtMillis epoch milliseconds at which the coordinator accepted the request, for end-to-end latency
 * @param batch             the batch translation this request belongs to, or null for a single request
 */
@JsonTypeName("TranslateTask")
public record TranslateTask(
        String requestId,
        String modelId,
        int modelVersion,
        Direction direction,
        String inputKey,
        String outputKey,
        long submittedAtMillis,
        TranslationBatch batch) implements Task {

    public TranslateTask {
        Require.text(requestId, "requestId");
        Require.text(modelId, "modelId");
        Require.atLeast(modelVersion, 1, "modelVersion");
        Require.present(direction, "direction");
        Require.text(inputKey, "inputKey");
        Require.text(outputKey, "outputKey");
    }

    @Override
    public String partitionKey() {
        return modelId;
    }
}
