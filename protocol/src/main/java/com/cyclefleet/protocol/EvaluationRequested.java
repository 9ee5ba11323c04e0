package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The coordinator asked for a retrain's evaluation. Published in the same transaction as the {@link EvaluateTask},
 * so a restarted coordinator knows the evaluation is pending and never asks twice. Translate workers warm their
 * model cache with the candidate when they see it, so a promotion does not make the first requests pay the load.
 *
 * @param dataset      the dataset
 * @param retrainId    the retrain
 * @param evaluationId the evaluation asked for
 * @param candidate    the retrain's new version
 * @param baseline     the version serving the dataset, null when none is
 */
@JsonTypeName("EvaluationRequested")
public record EvaluationRequested(
        String dataset,
        String retrainId,
        String evaluationId,
        EvaluatedModel candidate,
        EvaluatedModel baseline) implements Event {

    public EvaluationRequested {
        Require.text(dataset, "dataset");
        Require.text(retrainId, "retrainId");
        Require.text(evaluationId, "evaluationId");
        Require.present(candidate, "candidate");
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
