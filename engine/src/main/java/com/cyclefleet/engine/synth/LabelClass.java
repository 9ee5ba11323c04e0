package com.cyclefleet.engine.synth;

/** One semantic class of a label map and the flat colour it is painted with (0..255 per channel). */
public record LabelClass(String name, int r, int g, int b) {
    private static final int MAX_BYTE = 255;
    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;

    public LabelClass {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("label class needs a name");
        }
        if (r < 0 || r > MAX_BYTE || g < 0 || g > MAX_BYTE || b < 0 || b > MAX_BYTE) {
            throw new IllegalArgumentException("label class '" + name + "': colour (" + r + ", " + g + ", " + b
                    + ") is outside 0..255");
        }
    }

    /** 0xRRGGBB. */
    public int rgb() {
        return (r << RED_SHIFT) | (g << GREEN_SHIFT) | b;
    }
}
