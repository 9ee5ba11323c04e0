package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Score a retrain's candidate and the version serving now on the same held-out images: the evaluation gate's work,
 * done by a train worker (it has the dataset cache and the engine) and answered with {@link EvaluationDone} or
 * {@link EvaluationFailed}. A redelivered task scores again and publishes the same result; the coordinator acts on
 * the first.
 *
 * <p>The worker computes every metric the images allow, the paired ones (pixel accuracy, class IoU, PSNR, SSIM) only
 * when the held-out A and B images pair up by file name; the coordinator judges on {@link #metric()}, which must be
 * among them, or the evaluation fails with a reason.
 *
 * @param evaluationId this evaluation, unique in the fleet
 * @param dataset      the dataset's name
 * @param retrainId    the retrain whose candidate is scored
 * @param images       where the held-out images are: the dataset's own domains, or an evaluation prefix's
 *                     {@code A/} and {@code B/}
 * @param holdOut      the images of {@code images} to read, null for all of them (an evaluation prefix)
 * @param metric       the score the candidate is judged on
 * @param candidate    the retrain's new version
 * @param baseline     the version serving the dataset when the evaluation was requested, null when none is
 */
@JsonTypeName("EvaluateTask")
public record EvaluateTask(
        String evaluationId,
        String dataset,
        String retrainId,
        DatasetRef images,
        HoldOut holdOut,
        EvalMetric metric,
        EvaluatedModel candidate,
        EvaluatedModel baseline) implements Task {

    public EvaluateTask {
        Require.text(evaluationId, "evaluationId");
        Require.text(dataset, "dataset");
        Require.text(retrainId, "retrainId");
        Require.present(images, "images");
        Require.present(metric, "metric");
        Require.present(candidate, "candidate");
    }

    @Override
    public String partitionKey() {
        return evaluationId;
    }
}
