package com.cyclefleet.engine.infer;

/** AtoB uses G_A, BtoA uses G_B. */
public enum Direction {
    AtoB, BtoA;

    public static Direction parse(String s) {
        for (Direction d : values()) {
            if (d.name().equalsIgnoreCase(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("--direction must be AtoB or BtoA, got '" + s + "'");
    }
}
