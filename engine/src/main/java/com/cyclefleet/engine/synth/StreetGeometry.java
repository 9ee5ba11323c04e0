package com.cyclefleet.engine.synth;

/**
 * The perspective frame of a street scene, in pixels: the horizon row, the row where buildings meet the ground,
 * and the road as a trapezoid converging on a vanishing point on the horizon.
 */
public record StreetGeometry(int size, double horizon, double ground, double vanishingX, double roadLeftAtBottom,
                             double roadRightAtBottom) {
    /** 0 at the horizon, 1 at the bottom edge: how near a row is, which scales everything standing on it. */
    public double nearness(double y) {
        return Math.max(0.0, (y - horizon) / (size - horizon));
    }

    public double roadLeft(double y) {
        return vanishingX + (roadLeftAtBottom - vanishingX) * nearness(y);
    }

    public double roadRight(double y) {
        return vanishingX + (roadRightAtBottom - vanishingX) * nearness(y);
    }

    public double roadCentre(double y) {
        return (roadLeft(y) + roadRight(y)) / 2;
    }
}
