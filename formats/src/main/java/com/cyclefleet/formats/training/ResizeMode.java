package com.cyclefleet.formats.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a domain's images are scaled; label maps want NEAREST so that no blended, out-of-palette colours appear. */
public enum ResizeMode {
    @JsonProperty("bicubic") BICUBIC,
    @JsonProperty("nearest") NEAREST;

    public String wireName() {
        return WireNames.of(this);
    }

    public static ResizeMode parse(String value, String field) {
        return WireNames.parse(ResizeMode.class, value, field);
    }
}
