package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which of a CycleGAN model's two generators to use: G_A maps domain A to B, G_B maps B to A. */
public enum Direction {
    @JsonProperty("AtoB") A_TO_B("AtoB"),
    @JsonProperty("BtoA") B_TO_A("BtoA");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in JSON, object keys and URLs: {@code AtoB} or {@code BtoA}. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code AtoB} or {@code BtoA}. */
    public static Direction fromWireName(String name) {
        for (Direction direction : values()) {
            if (direction.wireName.equals(name)) {
                return direction;
            }
        }
        throw new IllegalArgumentException("direction must be AtoB or BtoA, was '" + name + "'");
    }
}
