package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.protocol.EvalMetric;
import com.cyclefleet.protocol.EvaluatedModel;
import com.cyclefleet.protocol.EvaluationDone;
import com.cyclefleet.protocol.EvaluationRequested;
import com.cyclefleet.protocol.ModelScores;
import com.cyclefleet.protocol.RetrainDecided;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's rule on its own: the metric's direction, the margin, and scores that are missing. */
class RetrainDecisionTest {

    private static final EvaluatedModel CANDIDATE = new EvaluatedModel("m", 2, "models/m/v2/model.zip");
    private static final EvaluatedModel BASELINE = new EvaluatedModel("m", 1, "models/m/v1/model.zip");
    private static final EvaluationRequested ASKED = new EvaluationRequested("d", "retrain-1", "eval-d-retrain-1",
            CANDIDATE, BASELINE);

    @Test
    void aLowerL1WinsOnlyByMoreThanTheMargin() {
        assertTrue(decide(EvalMetric.CYCLE_L1, 0.30, 0.40, 0.05).promoted());
        RetrainDecided close = decide(EvalMetric.CYCLE_L1, 0.37, 0.40, 0.05);
        assertFalse(close.promoted(), close.reason());
        assertEquals(0.37, close.candidateScore());
        assertEquals(0.40, close.baselineScore());
        assertFalse(decide(EvalMetric.CYCLE_L1, 0.50, 0.40, 0).promoted(), "a higher L1 is worse");
    }

    @Test
    void aHigherAccuracyWinsAndATieDoesNot() {
        assertTrue(decide(EvalMetric.PIXEL_ACCURACY, 0.9, 0.8, 0.05).promoted());
        assertFalse(decide(EvalMetric.PIXEL_ACCURACY, 0.8, 0.8, 0).promoted(), "a tie is not a win");
    }

    @Test
    void aMissingScoreRejectsAndNoBaselinePromotes() {
        EvaluationDone noMetric = new EvaluationDone("d", "retrain-1", "eval-d-retrain-1", 3,
                new ModelScores("m", 2, Map.of(EvalMetric.CYCLE_L1, 0.1)),
                new ModelScores("m", 1, Map.of(EvalMetric.CYCLE_L1, 0.2)), "w");
        RetrainDecided missing = RetrainDecision.of(ASKED, noMetric, EvalMetric.SSIM, 0);
        assertFalse(missing.promoted());
        assertTrue(missing.reason().contains("no ssim score"), missing.reason());

        EvaluationRequested alone = new EvaluationRequested("d", "retrain-1", "eval-d-retrain-1", CANDIDATE, null);
        RetrainDecided first = RetrainDecision.of(alone, new EvaluationDone("d", "retrain-1", "eval-d-retrain-1", 3,
                new ModelScores("m", 2, Map.of(EvalMetric.SSIM, 0.1)), null, "w"), EvalMetric.SSIM, 0.5);
        assertTrue(first.promoted(), first.reason());
        assertNull(first.baselineModelId());
        assertEquals(0, first.baselineVersion());
    }

    private static RetrainDecided decide(EvalMetric metric, double candidate, double baseline, double margin) {
        return RetrainDecision.of(ASKED, new EvaluationDone("d", "retrain-1", "eval-d-retrain-1", 3,
                new ModelScores("m", 2, Map.of(metric, candidate)), new ModelScores("m", 1, Map.of(metric, baseline)),
                "w"), metric, margin);
    }
}
