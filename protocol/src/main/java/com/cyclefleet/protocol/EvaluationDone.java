package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A worker scored a retrain's candidate and the baseline on the same held-out images. The coordinator's decision
 * follows as {@link RetrainDecided}.
 *
 * @param dataset      the dataset
 * @param retrainId    the retrain
 * @param evaluationId the evaluation
 * @param images       how many held-out images (pairs, for a paired set) were scored
 * @param candidate    the candidate's scores
 * @param baseline     the baseline's scores, null when no version was serving
 * @param workerId     the worker that scored
 */
@JsonTypeName("EvaluationDone")
public record EvaluationDone(
        String dataset,
        String retrainId,
        String evaluationId,
        int images,
        ModelScores candidate,
        ModelScores baseline,
        String workerId) implements Event {

    public EvaluationDone {
        Require.text(dataset, "dataset");
        Require.text(retrainId, "retrainId");
        Require.text(evaluationId, "evaluationId");
        Require.atLeast(images, 1, "images");
        Require.present(candidate, "candidate");
        Require.text(workerId, "workerId");
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
