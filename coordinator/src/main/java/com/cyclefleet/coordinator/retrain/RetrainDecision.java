package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.protocol.EvalMetric;
import com.cyclefleet.protocol.EvaluatedModel;
import com.cyclefleet.protocol.EvaluationDone;
import com.cyclefleet.protocol.EvaluationFailed;
import com.cyclefleet.protocol.EvaluationRequested;
import com.cyclefleet.protocol.ModelScores;
import com.cyclefleet.protocol.RetrainDecided;

import java.util.Locale;

/**
 * The evaluation gate's rule: a candidate is promoted when nothing serves the dataset, or when its score beats the
 * baseline's by more than the margin in the metric's better direction (higher for accuracies and similarities, lower
 * for L1 distances). Anything else, a failed evaluation or a score missing, keeps it as rejected with the reason.
 */
final class RetrainDecision {

    private RetrainDecision() {
    }

    static RetrainDecided of(EvaluationRequested asked, EvaluationDone done, EvalMetric metric, double margin) {
        EvaluatedModel candidate = asked.candidate();
        EvaluatedModel baseline = asked.baseline();
        Double candidateScore = scoreOf(done.candidate(), candidate, metric);
        Double baselineScore = baseline == null ? null : scoreOf(done.baseline(), baseline, metric);
        String name = metric.wireName();
        boolean promoted;
        String reason;
        if (candidateScore == null) {
            promoted = false;
            reason = "the evaluation has no " + name + " score for the candidate " + label(candidate);
        } else if (baseline == null) {
            promoted = true;
            reason = String.format(Locale.ROOT, "no version was serving; candidate %s %s %.4f on %d held-out images",
                    label(candidate), name, candidateScore, done.images());
        } else if (baselineScore == null) {
            promoted = false;
            reason = "the evaluation has no " + name + " score for the baseline " + label(baseline);
        } else {
            double gain = metric.higherIsBetter() ? candidateScore - baselineScore : baselineScore - candidateScore;
            promoted = gain > margin;
            reason = String.format(Locale.ROOT, "candidate %s %s %.4f vs baseline %s %.4f on %d held-out images: "
                            + "%s by %.4f, %s the margin %.4f (%s is better)", label(candidate), name, candidateScore,
                    label(baseline), baselineScore, done.images(), gain >= 0 ? "better" : "worse", Math.abs(gain),
                    promoted ? "more than" : "not more than", margin, metric.higherIsBetter() ? "higher" : "lower");
        }
        return decided(asked, metric, margin, candidateScore, baselineScore, promoted, reason);
    }

    static RetrainDecided of(EvaluationRequested asked, EvaluationFailed failed, EvalMetric metric, double margin) {
        return decided(asked, metric, margin, null, null, false, "the evaluation failed on worker "
                + failed.workerId() + ": " + failed.reason());
    }

    private static RetrainDecided decided(EvaluationRequested asked, EvalMetric metric, double margin,
                                          Double candidateScore, Double baselineScore, boolean promoted,
                                          String reason) {
        EvaluatedModel baseline = asked.baseline();
        return new RetrainDecided(asked.dataset(), asked.retrainId(), asked.candidate().modelId(),
                asked.candidate().version(), baseline == null ? null : baseline.modelId(),
                baseline == null ? 0 : baseline.version(), metric, candidateScore, baselineScore, margin, promoted,
                reason);
    }

    /** The score of the version asked for; null when the answer scored another version or lacks the metric. */
    private static Double scoreOf(ModelScores scores, EvaluatedModel model, EvalMetric metric) {
        if (scores == null || !scores.modelId().equals(model.modelId()) || scores.version() != model.version()) {
            return null;
        }
        return scores.scores().get(metric);
    }

    private static String label(EvaluatedModel m) {
        return m.modelId() + " v" + m.version();
    }
}
