package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The adversarial loss, spelled as in the reference implementation's {@code --gan_mode}. */
public enum GanMode {
    /** Least-squares GAN loss (the reference default). */
    @JsonProperty("lsgan") LSGAN,
    /** Binary cross-entropy with logits against 1/0. */
    @JsonProperty("vanilla") VANILLA
}
