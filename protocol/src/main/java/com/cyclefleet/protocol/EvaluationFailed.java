package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * An evaluation could not score: no held-out image, a metric the images do not allow (a paired metric without
 * pairs), a model file that does not load. The candidate is not promoted; the coordinator records a rejection with
 * this reason.
 *
 * @param dataset      the dataset
 * @param retrainId    the retrain
 * @param evaluationId the evaluation
 * @param reason       why, in words
 * @param workerId     the worker that tried
 */
@JsonTypeName("EvaluationFailed")
public record EvaluationFailed(
        String dataset,
        String retrainId,
        String evaluationId,
        String reason,
        String workerId) implements Event {

    public EvaluationFailed {
        Require.text(dataset, "dataset");
        Require.text(retrainId, "retrainId");
        Require.text(evaluationId, "evaluationId");
        Require.text(reason, "reason");
        Require.text(workerId, "workerId");
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
