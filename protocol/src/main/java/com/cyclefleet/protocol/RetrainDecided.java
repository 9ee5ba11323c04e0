package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The evaluation gate's decision on a retrain's candidate. When it is promoted, the {@link ModelPromoted} events of
 * both directions are in the same transaction, so a restarted coordinator sees the decision and the switch together
 * or neither, and decides again only in the second case.
 *
 * @param dataset          the dataset
 * @param retrainId        the retrain
 * @param modelId          the candidate's model
 * @param candidateVersion the candidate's version
 * @param baselineModelId  the model serving when the evaluation was asked for, null when none was
 * @param baselineVersion  its version, 0 when none was serving
 * @param metric           the score judged on
 * @param candidateScore   the candidate's score, null when the evaluation failed
 * @param baselineScore    the baseline's score, null when there was no baseline or the evaluation failed
 * @param margin           how much better the candidate had to be (the policy's margin)
 * @param promoted         true when the candidate now serves the dataset
 * @param reason           why, in words, with both scores
 */
@JsonTypeName("RetrainDecided")
public record RetrainDecided(
        String dataset,
        String retrainId,
        String modelId,
        int candidateVersion,
        String baselineModelId,
        int baselineVersion,
        EvalMetric metric,
        Double candidateScore,
        Double baselineScore,
        double margin,
        boolean promoted,
        String reason) implements Event {

    public RetrainDecided {
        Require.text(dataset, "dataset");
        Require.text(retrainId, "retrainId");
        Require.text(modelId, "modelId");
        Require.atLeast(candidateVersion, 1, "candidateVersion");
        Require.optionalText(baselineModelId, "baselineModelId");
        Require.atLeast(baselineVersion, 0, "baselineVersion");
        if ((baselineModelId == null) != (baselineVersion == 0)) {
            throw new IllegalArgumentException("baselineModelId and baselineVersion go together (null and 0 when no"
                    + " version was serving), were " + baselineModelId + " and " + baselineVersion);
        }
        Require.present(metric, "metric");
        Require.atLeast(margin, 0.0, "margin");
        Require.text(reason, "reason");
        if (promoted && candidateScore == null) {
            throw new IllegalArgumentException("a promoted candidate has a score");
        }
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
