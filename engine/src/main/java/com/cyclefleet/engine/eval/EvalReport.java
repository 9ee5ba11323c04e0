package com.cyclefleet.engine.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * Test-set scores of a pair of generators; serialises to the JSON shape reported by the CLI and server. Every
 * number is finite (PSNR is capped at {@link ImageMetrics#MAX_PSNR_DB}), so the JSON is standard.
 *
 * @param images number of test pairs
 * @param identity the identity losses' L1 on the test set: G_B(A) vs A (l1A) and G_A(B) vs B (l1B)
 */
public record EvalReport(int images, PhotoToLabels photoToLabels, LabelsToPhoto labelsToPhoto, Cycle cycle,
                         Identity identity) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** photo to labels, scored like the paper's FCN-score on the label maps (per-class maps in palette order). */
    public record PhotoToLabels(double pixelAccuracy, double meanClassAccuracy, double classIoU,
                                Map<String, Double> perClassAccuracy, Map<String, Double> perClassIoU) {
    }

    /** labels to photo against the paired ground-truth photos; L1 in [-1, 1] units. */
    public record LabelsToPhoto(double psnr, double ssim, double l1) {
    }

    /** Reconstruction L1 in [-1, 1] units: G_B(G_A(A)) vs A and G_A(G_B(B)) vs B. */
    public record Cycle(double l1A, double l1B) {
    }

    /** Identity-mapping L1 in [-1, 1] units: G_B(A) vs A and G_A(B) vs B. */
    public record Identity(double l1A, double l1B) {
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise evaluation report", e);
        }
    }

    public static EvalReport fromJson(String json) {
        try {
            return JSON.readValue(json, EvalReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an evaluation report (" + e.getOriginalMessage() + ")", e);
        }
    }
}
