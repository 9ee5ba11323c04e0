package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A score the evaluation gate can compare a candidate and the serving version on. Paired metrics need a held-out set
 * with ground truth ({@code pairs.json}); unpaired ones need only images of both domains.
 */
public enum EvalMetric {
    @JsonProperty("pixelAccuracy") PIXEL_ACCURACY("pixelAccuracy", true, true),
    @JsonProperty("classIou") CLASS_IOU("classIou", true, true),
    @JsonProperty("psnr") PSNR("psnr", true, true),
    @JsonProperty("ssim") SSIM("ssim", true, true),
    @JsonProperty("cycleL1") CYCLE_L1("cycleL1", false, false),
    @JsonProperty("identityL1") IDENTITY_L1("identityL1", false, false);

    private final String wireName;
    private final boolean paired;
    private final boolean higherIsBetter;

    EvalMetric(String wireName, boolean paired, boolean higherIsBetter) {
        this.wireName = wireName;
        this.paired = paired;
        this.higherIsBetter = higherIsBetter;
    }

    public String wireName() {
        return wireName;
    }

    /** True when the metric needs ground-truth pairs. */
    public boolean paired() {
        return paired;
    }

    /** True for accuracies and similarities, false for losses (an L1 distance wins by being lower). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Parses a wire name such as {@code ssim}; the message lists every valid one. */
    public static EvalMetric fromWireName(String name) {
        for (EvalMetric metric : values()) {
            if (metric.wireName.equals(name)) {
                return metric;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (EvalMetric metric : values()) {
            valid.append(valid.isEmpty() ? "" : ", ").append(metric.wireName);
        }
        throw new IllegalArgumentException("unknown metric '" + name + "': use one of " + valid);
    }
}
