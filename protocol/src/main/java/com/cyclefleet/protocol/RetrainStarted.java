package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A retrain of a dataset's model started as a training job. Published in the same transaction as the job's
 * {@link JobAccepted}, so a coordinator restarted at any point sees both or neither and never starts a second job
 * for the same trigger. Keyed by dataset, like {@link DatasetChanged}, so the images it covers are exactly those
 * folded before it.
 *
 * @param dataset     the dataset
 * @param retrainId   this retrain, unique per dataset
 * @param jobId       the training job
 * @param modelId     the model the candidate becomes a version of
 * @param fromVersion the version serving the dataset when the retrain started, 0 when none was promoted
 * @param newImages   how many new images (since the previous retrain) triggered it
 */
@JsonTypeName("RetrainStarted")
public record RetrainStarted(
        String dataset,
        String retrainId,
        String jobId,
        String modelId,
        int fromVersion,
        long newImages) implements Event {

    public RetrainStarted {
        Require.text(dataset, "dataset");
        Require.text(retrainId, "retrainId");
        Require.text(jobId, "jobId");
        Require.text(modelId, "modelId");
        Require.atLeast(fromVersion, 0, "fromVersion");
        Require.atLeast(newImages, 1, "newImages");
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
