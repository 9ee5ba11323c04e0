package com.cyclefleet.engine.data;

import java.util.Arrays;

/**
 * An RGB image as the networks see it: 3 x height x width floats in channel-major (CHW) order, values in [-1, 1].
 * Immutable by convention: {@link #data()} exposes the backing array without copying, for speed, and nobody may
 * write to it.
 */
public final class FloatImage {
    public static final int CHANNELS = 3;

    private static final int MAX_BYTE = 255;
    private static final double HALF_RANGE = 127.5;
    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;
    private static final int BYTE_MASK = 0xFF;

    private final int height;
    private final int width;
    private final float[] data;

    public FloatImage(int height, int width, float[] chw) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (chw == null || (long) chw.length != (long) CHANNELS * height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " RGB image needs " + (CHANNELS * height * width)
                    + " values, got " + (chw == null ? "null" : chw.length));
        }
        this.height = height;
        this.width = width;
        this.data = chw;
    }

    /** From 0xRRGGBB pixels (row-major; any alpha byte is ignored), mapped to [-1, 1] as p / 127.5 - 1. */
    public static FloatImage fromRgb(int h, int w, int[] packedRgb) {
        int plane = h * w;
        if (packedRgb == null || packedRgb.length != plane) {
            throw new IllegalArgumentException("a " + h + "x" + w + " image needs " + plane + " packed pixels, got "
                    + (packedRgb == null ? "null" : packedRgb.length));
        }
        float[] chw = new float[CHANNELS * plane];
        for (int i = 0; i < plane; i++) {
            int p = packedRgb[i];
            chw[i] = toUnit((p >> RED_SHIFT) & BYTE_MASK);
            chw[plane + i] = toUnit((p >> GREEN_SHIFT) & BYTE_MASK);
            chw[2 * plane + i] = toUnit(p & BYTE_MASK);
        }
        return new FloatImage(h, w, chw);
    }

    /** 8-bit value to [-1, 1]; the same mapping as torchvision ToTensor followed by Normalize(0.5, 0.5). */
    public static float toUnit(int byteValue) {
        return (float) (byteValue / HALF_RANGE - 1.0);
    }

    /** [-1, 1] to an 8-bit value: round((v + 1) / 2 * 255), clamped. */
    public static int toByte(float v) {
        long p = Math.round((v + 1.0) / 2.0 * MAX_BYTE);
        return (int) Math.max(0, Math.min(MAX_BYTE, p));
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing CHW array; do not modify. */
    public float[] data() {
        return data;
    }

    /** Row-major 0xRRGGBB pixels. */
    public int[] toPackedRgb() {
        int plane = height * width;
        int[] out = new int[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = (toByte(data[i]) << RED_SHIFT) | (toByte(data[plane + i]) << GREEN_SHIFT) | toByte(data[2 * plane + i]);
        }
        return out;
    }

    public FloatImage crop(int top, int left, int h, int w) {
        if (top < 0 || left < 0 || h <= 0 || w <= 0 || top + h > height || left + w > width) {
            throw new IllegalArgumentException("crop " + h + "x" + w + " at (" + top + ", " + left + ") does not fit in a "
                    + height + "x" + width + " image");
        }
        float[] out = new float[CHANNELS * h * w];
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, (c * height + top + y) * width + left, out, (c * h + y) * w, w);
            }
        }
        return new FloatImage(h, w, out);
    }

    public FloatImage flipHorizontal() {
        float[] out = new float[data.length];
        for (int row = 0; row < CHANNELS * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = data[base + width - 1 - x];
            }
        }
        return new FloatImage(height, width, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatImage other && other.height == height && other.width == width
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatImage[" + height + "x" + width + "]";
    }
}
