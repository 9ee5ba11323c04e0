package com.cyclefleet.protocol;

/**
 * The batch translation a {@link TranslateTask} belongs to: every image under an input prefix, translated into an
 * output prefix. Each task of the batch carries it, so the batch can be rebuilt from the tasks alone.
 *
 * @param batchId      the batch; its requests' ids are {@code batchId.index}
 * @param inputPrefix  key prefix the input images were listed from
 * @param outputPrefix key prefix the translated images are written under
 */
public record TranslationBatch(String batchId, String inputPrefix, String outputPrefix) {

    public TranslationBatch {
        Require.text(batchId, "batchId");
        Require.text(inputPrefix, "inputPrefix");
        Require.text(outputPrefix, "outputPrefix");
    }
}
