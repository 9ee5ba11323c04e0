package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReflectionPad2d: mirrors without repeating the edge pixel. Hand-written forward and backward because SameDiff's
 * REFLECT pad has a wrong gradient in 1.0.0-M2.1 (its backward treats the pad like a slice).
 *
 * <p>Every padded pixel copies exactly one input pixel, so the pad is a gather through a per-plane index map and its
 * backward the matching scatter-add; one Java loop per plane instead of 4*pad strided native copies per pass
 * (see {@link HeapCopies}).
 */
public final class ReflectionPad2d implements Layer {
    private final int pad;

    public ReflectionPad2d(int pad) {
        this.pad = pad;
    }

    @Override
    public String describe() {
        return "ReflectionPad2d " + pad;
    }

    /** Mirrors index i of [0, n) padded by pad on both sides: -1 maps to 1, n to n-2. */
    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }

    /** For each pixel of a padded plane, the offset of the input pixel it copies within the input plane. */
    private int[] sourceIndex(int h, int w) {
        int oh = h + 2 * pad;
        int ow = w + 2 * pad;
        int[] src = new int[oh * ow];
        for (int r = 0; r < oh; r++) {
            int sr = reflect(r - pad, h);
            for (int c = 0; c < ow; c++) {
                src[r * ow + c] = sr * w + reflect(c - pad, w);
            }
        }
        return src;
    }

    @Override
    public Step forward(INDArray x) {
        HeapCopies.requireSupported(x);
        int h = Math.toIntExact(x.size(2));
        int w = Math.toIntExact(x.size(3));
        if (pad >= h || pad >= w) {
            throw new IllegalArgumentException("reflection pad " + pad + " needs an input larger than " + pad
                    + " pixels, got " + h + "x" + w);
        }
        int planes = Math.toIntExact(x.size(0) * x.size(1));
        int[] src = sourceIndex(h, w);
        int in = h * w;
        int out = src.length;
        long[] outShape = {x.size(0), x.size(1), h + 2L * pad, w + 2L * pad};
        INDArray y;
        if (HeapCopies.isFloat(x)) {
            float[] v = HeapCopies.floats(x);
            float[] r = new float[planes * out];
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < out; i++) {
                    r[p * out + i] = v[p * in + src[i]];
                }
            }
            y = HeapCopies.of(r, outShape);
        } else {
            double[] v = HeapCopies.doubles(x);
            double[] r = new double[planes * out];
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < out; i++) {
                    r[p * out + i] = v[p * in + src[i]];
                }
            }
            y = HeapCopies.of(r, outShape);
        }
        long[] inShape = x.shape();
        return new Step(y, dy -> backward(dy, src, planes, in, inShape));
    }

    private static INDArray backward(INDArray dy, int[] src, int planes, int in, long[] inShape) {
        int out = src.length;
        if (HeapCopies.isFloat(dy)) {
            float[] g = HeapCopies.floats(dy);
            float[] r = new float[planes * in];
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < out; i++) {
                    r[p * in + src[i]] += g[p * out + i];
                }
            }
            return HeapCopies.of(r, inShape);
        }
        double[] g = HeapCopies.doubles(dy);
        double[] r = new double[planes * in];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < out; i++) {
                r[p * in + src[i]] += g[p * out + i];
            }
        }
        return HeapCopies.of(r, inShape);
    }
}
