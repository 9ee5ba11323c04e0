package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A translation's output image is in object storage.
 *
 * @param requestId the translation request
 * @param modelId   the model that translated it
 * @param outputKey object key of the translated image
 * @param latencyMs milliseconds from the coordinator accepting the request to the output being stored
 * @param batchSize how many requests were translated together in the same batch
 */
@JsonTypeName("TranslationDone")
public record TranslationDone(
        String requestId,
        String modelId,
        String outputKey,
        long latencyMs,
        int batchSize) implements Event {

    public TranslationDone {
        Require.text(requestId, "requestId");
        Require.text(modelId, "modelId");
        Require.text(outputKey, "outputKey");
        Require.atLeast(latencyMs, 0, "latencyMs");
        Require.atLeast(batchSize, 1, "batchSize");
    }

    @Override
    public String partitionKey() {
        return requestId;
    }
}
