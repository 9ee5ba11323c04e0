package com.cyclefleet.engine.synth;

/** The classes of the synthetic street scenes, in the order of {@link Palette#standard()}. */
public enum SceneClass {
    SKY("sky", 0x0080FF),
    BUILDING("building", 0xC00000),
    WINDOW("window", 0xFFFF00),
    ROAD("road", 0x8000C0),
    VEGETATION("vegetation", 0x00C000),
    CAR("car", 0x00FFFF);

    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;
    private static final int BYTE_MASK = 0xFF;

    private final String label;
    private final int standardRgb;

    SceneClass(String label, int standardRgb) {
        this.label = label;
        this.standardRgb = standardRgb;
    }

    public String label() {
        return label;
    }

    LabelClass standardLabelClass() {
        return new LabelClass(label, (standardRgb >> RED_SHIFT) & BYTE_MASK, (standardRgb >> GREEN_SHIFT) & BYTE_MASK,
                standardRgb & BYTE_MASK);
    }
}
