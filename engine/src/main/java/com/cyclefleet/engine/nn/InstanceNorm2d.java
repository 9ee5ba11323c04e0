package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * InstanceNorm2d(affine=False, track_running_stats=False): each (sample, channel) plane is normalised by its own mean
 * and biased variance, in training and inference alike. The backward pass is written out because DL4J's variance
 * gradient in 1.0.0-M2.1 uses N-1 even for the biased variance.
 *
 * <p>Both passes are single Java loops over each plane (see {@link HeapCopies}): as native ops they took a dozen
 * calls and two casts to double. Sums run in double whatever the tensor type: float32 sums over large planes lose
 * digits that the fixture tolerance needs. The backward reads the normalised values back from the output, which no
 * later layer modifies in place.
 *
 * <p>{@link #forwardRelu} and {@link #applyRelu} fold a ReLU that follows the norm into the same pass (Sequential
 * uses them for every such pair): the ReLU's own native forward call and relu_bp call, each with an allocation,
 * cost more than the arithmetic on small models. The values are those of the two layers one after the other.
 */
public final class InstanceNorm2d implements Layer {
    public static final double EPS = 1e-5;

    @Override
    public Step forward(INDArray x) {
        Normalised n = normalise(x, Output.NORM);
        return new Step(n.xhat, dy -> backward(n.xhat, dy, n.rstd, n.planes, n.size, false));
    }

    /** This norm followed by ReLU, as one layer: the output is relu(IN(x)), the gradient that of both. */
    public Step forwardRelu(INDArray x) {
        Normalised n = normalise(x, Output.NORM_AND_RELU);
        return new Step(n.relu, dy -> backward(n.xhat, dy, n.rstd, n.planes, n.size, true));
    }

    /** relu(IN(x)) without keeping anything for backward. */
    public INDArray applyRelu(INDArray x) {
        return normalise(x, Output.RELU).relu;
    }

    private enum Output { NORM, NORM_AND_RELU, RELU }

    /** xhat (kept for backward) and/or relu(xhat), whichever the Output asks for; the other is null. */
    private record Normalised(INDArray xhat, INDArray relu, double[] rstd, int planes, int size) {
    }

    private static Normalised normalise(INDArray x, Output out) {
        HeapCopies.requireSupported(x);
        int planes = Math.toIntExact(x.size(0) * x.size(1));
        int size = Math.toIntExact(x.size(2) * x.size(3));
        double[] rstd = new double[planes];
        INDArray xhat = null;
        INDArray relu = null;
        if (HeapCopies.isFloat(x)) {
            float[] v = HeapCopies.floats(x);
            for (int p = 0; p < planes; p++) {
                rstd[p] = normalise(v, p * size, size);
            }
            if (out != Output.RELU) {
                xhat = HeapCopies.of(v, x.shape());
            }
            if (out != Output.NORM) {
                // libnd4j's relu rule: +0 for negatives and -0
                for (int i = 0; i < v.length; i++) {
                    v[i] = SignMask.keep(v[i], SignMask.positive(v[i]));
                }
                relu = HeapCopies.of(v, x.shape());
            }
        } else {
            double[] v = HeapCopies.doubles(x);
            for (int p = 0; p < planes; p++) {
                rstd[p] = normalise(v, p * size, size);
            }
            if (out != Output.RELU) {
                xhat = HeapCopies.of(v, x.shape());
            }
            if (out != Output.NORM) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = SignMask.keep(v[i], SignMask.positive(v[i]));
                }
                relu = HeapCopies.of(v, x.shape());
            }
        }
        return new Normalised(xhat, relu, rstd, planes, size);
    }

    /**
     * dx = rstd * (dy - mean(dy) - xhat * mean(dy * xhat)), per plane; with relu, dy is first masked to where the
     * ReLU's output is positive (relu_bp's rule: xhat > 0), +0 elsewhere.
     */
    private static INDArray backward(INDArray y, INDArray dy, double[] rstd, int planes, int size, boolean relu) {
        if (HeapCopies.isFloat(dy)) {
            float[] g = HeapCopies.floats(dy);
            float[] xhat = HeapCopies.floats(y);
            if (relu) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = SignMask.keep(g[i], SignMask.positive(xhat[i]));
                }
            }
            for (int p = 0; p < planes; p++) {
                int o = p * size;
                double sg = 0;
                double sgx = 0;
                for (int i = o; i < o + size; i++) {
                    sg += g[i];
                    sgx += (double) g[i] * xhat[i];
                }
                double meanG = sg / size;
                double meanGx = sgx / size;
                for (int i = o; i < o + size; i++) {
                    g[i] = (float) (rstd[p] * (g[i] - meanG - xhat[i] * meanGx));
                }
            }
            return HeapCopies.of(g, dy.shape());
        }
        double[] g = HeapCopies.doubles(dy);
        double[] xhat = HeapCopies.doubles(y);
        if (relu) {
            for (int i = 0; i < g.length; i++) {
                g[i] = SignMask.keep(g[i], SignMask.positive(xhat[i]));
            }
        }
        for (int p = 0; p < planes; p++) {
            int o = p * size;
            double sg = 0;
            double sgx = 0;
            for (int i = o; i < o + size; i++) {
                sg += g[i];
                sgx += g[i] * xhat[i];
            }
            double meanG = sg / size;
            double meanGx = sgx / size;
            for (int i = o; i < o + size; i++) {
                g[i] = rstd[p] * (g[i] - meanG - xhat[i] * meanGx);
            }
        }
        return HeapCopies.of(g, dy.shape());
    }

    /** Normalises v[o, o+size) in place with a two-pass double mean and biased variance; returns 1/sqrt(var+eps). */
    private static double normalise(float[] v, int o, int size) {
        double sum = 0;
        for (int i = o; i < o + size; i++) {
            sum += v[i];
        }
        double mean = sum / size;
        double ss = 0;
        for (int i = o; i < o + size; i++) {
            double d = v[i] - mean;
            ss += d * d;
        }
        double rstd = 1 / Math.sqrt(ss / size + EPS);
        for (int i = o; i < o + size; i++) {
            v[i] = (float) ((v[i] - mean) * rstd);
        }
        return rstd;
    }

    private static double normalise(double[] v, int o, int size) {
        double sum = 0;
        for (int i = o; i < o + size; i++) {
            sum += v[i];
        }
        double mean = sum / size;
        double ss = 0;
        for (int i = o; i < o + size; i++) {
            double d = v[i] - mean;
            ss += d * d;
        }
        double rstd = 1 / Math.sqrt(ss / size + EPS);
        for (int i = o; i < o + size; i++) {
            v[i] = (v[i] - mean) * rstd;
        }
        return rstd;
    }
}
