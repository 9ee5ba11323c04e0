package com.cyclefleet.formats.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The adversarial loss, spelled as in the reference implementation's {@code --gan_mode}. */
public enum GanMode {
    /** Least-squares GAN loss (the reference default): MSE against 1/0. */
    @JsonProperty("lsgan") LSGAN,
    /** Binary cross-entropy with logits against 1/0. */
    @JsonProperty("vanilla") VANILLA;

    public String wireName() {
        return WireNames.of(this);
    }

    public static GanMode parse(String value, String field) {
        return WireNames.parse(GanMode.class, value, field);
    }
}
