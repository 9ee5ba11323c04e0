package com.cyclefleet.engine.data;

import com.cyclefleet.formats.training.ResizeMode;

import java.util.Arrays;

/**
 * Image scaling with the semantics of PIL's {@code Image.resize}, which is what the reference's torchvision
 * transforms call on PIL images. Works in float, so PIL's 8-bit rounding and clipping between passes is absent.
 */
public final class Resize {
    /** Keys' cubic convolution parameter used by PIL. */
    private static final double CUBIC_A = -0.5;
    /** The cubic kernel is non-zero on (-2, 2). */
    private static final double CUBIC_SUPPORT = 2.0;
    private static final double HALF_PIXEL = 0.5;

    private Resize() {
    }

    /**
     * PIL BICUBIC: separable, horizontal pass first, then vertical. When shrinking, the kernel is widened by the
     * scale factor (antialiasing), and at the borders the weights of the taps that fall inside the image are
     * renormalised to sum to one (PIL's edge handling, rather than padding).
     */
    /** Resizes with the filter a run's settings name. */
    public static FloatImage by(ResizeMode mode, FloatImage img, int newH, int newW) {
        return switch (mode) {
            case BICUBIC -> bicubic(img, newH, newW);
            case NEAREST -> nearest(img, newH, newW);
        };
    }

    public static FloatImage bicubic(FloatImage img, int newH, int newW) {
        checkSize(newH, newW);
        int h = img.height();
        int w = img.width();
        float[] data = img.data();
        if (newW != w) {
            data = resampleRows(data, FloatImage.CHANNELS * h, w, newW);
        }
        if (newH != h) {
            data = resampleColumns(data, h, newW, newH);
        }
        return data == img.data() ? img : new FloatImage(newH, newW, data);
    }

    /**
     * PIL NEAREST: source index floor((dst + 0.5) * inSize / outSize). The position is accumulated step by step
     * exactly as PIL's ImagingScaleAffine does, so boundary cases round the same way.
     */
    public static FloatImage nearest(FloatImage img, int newH, int newW) {
        checkSize(newH, newW);
        int h = img.height();
        int w = img.width();
        if (newH == h && newW == w) {
            return img;
        }
        int[] srcX = nearestIndices(w, newW);
        int[] srcY = nearestIndices(h, newH);
        float[] in = img.data();
        float[] out = new float[FloatImage.CHANNELS * newH * newW];
        for (int c = 0; c < FloatImage.CHANNELS; c++) {
            for (int y = 0; y < newH; y++) {
                int inRow = (c * h + srcY[y]) * w;
                int outRow = (c * newH + y) * newW;
                for (int x = 0; x < newW; x++) {
                    out[outRow + x] = in[inRow + srcX[x]];
                }
            }
        }
        return new FloatImage(newH, newW, out);
    }

    private static void checkSize(int newH, int newW) {
        if (newH <= 0 || newW <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + newH + "x" + newW);
        }
    }

    private static int[] nearestIndices(int inSize, int outSize) {
        double step = (double) inSize / outSize;
        double pos = step * HALF_PIXEL;
        int[] idx = new int[outSize];
        for (int i = 0; i < outSize; i++) {
            idx[i] = Math.min(inSize - 1, (int) Math.floor(pos));
            pos += step;
        }
        return idx;
    }

    private static float[] resampleRows(float[] in, int rows, int inW, int outW) {
        Taps taps = Taps.compute(inW, outW);
        float[] out = new float[rows * outW];
        for (int r = 0; r < rows; r++) {
            int inBase = r * inW;
            int outBase = r * outW;
            for (int x = 0; x < outW; x++) {
                double[] k = taps.weights[x];
                int first = inBase + taps.first[x];
                double sum = 0;
                for (int t = 0; t < k.length; t++) {
                    sum += k[t] * in[first + t];
                }
                out[outBase + x] = (float) sum;
            }
        }
        return out;
    }

    private static float[] resampleColumns(float[] in, int inH, int w, int outH) {
        Taps taps = Taps.compute(inH, outH);
        float[] out = new float[FloatImage.CHANNELS * outH * w];
        double[] acc = new double[w];
        for (int c = 0; c < FloatImage.CHANNELS; c++) {
            for (int y = 0; y < outH; y++) {
                Arrays.fill(acc, 0);
                double[] k = taps.weights[y];
                for (int t = 0; t < k.length; t++) {
                    int inRow = (c * inH + taps.first[y] + t) * w;
                    for (int x = 0; x < w; x++) {
                        acc[x] += k[t] * in[inRow + x];
                    }
                }
                int outRow = (c * outH + y) * w;
                for (int x = 0; x < w; x++) {
                    out[outRow + x] = (float) acc[x];
                }
            }
        }
        return out;
    }

    static double cubic(double x) {
        double ax = Math.abs(x);
        if (ax < 1.0) {
            return ((CUBIC_A + 2.0) * ax - (CUBIC_A + 3.0)) * ax * ax + 1.0;
        }
        if (ax < 2.0) {
            return (((ax - 5.0) * ax + 8.0) * ax - 4.0) * CUBIC_A;
        }
        return 0.0;
    }

    /** Per output index: the first input index used and the normalised weights (PIL's precompute_coeffs). */
    private static final class Taps {
        final int[] first;
        final double[][] weights;

        private Taps(int[] first, double[][] weights) {
            this.first = first;
            this.weights = weights;
        }

        static Taps compute(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(1.0, scale);
            double support = CUBIC_SUPPORT * filterScale;
            int[] first = new int[outSize];
            double[][] weights = new double[outSize][];
            for (int o = 0; o < outSize; o++) {
                double center = (o + HALF_PIXEL) * scale;
                // PIL rounds with a C cast, which truncates toward zero; negatives are clamped to 0 anyway.
                int lo = Math.max(0, (int) (center - support + HALF_PIXEL));
                int hi = Math.min(inSize, (int) (center + support + HALF_PIXEL));
                double[] k = new double[hi - lo];
                double total = 0;
                for (int t = 0; t < k.length; t++) {
                    k[t] = cubic((t + lo - center + HALF_PIXEL) / filterScale);
                    total += k[t];
                }
                if (total != 0) {
                    for (int t = 0; t < k.length; t++) {
                        k[t] /= total;
                    }
                }
                first[o] = lo;
                weights[o] = k;
            }
            return new Taps(first, weights);
        }
    }
}
