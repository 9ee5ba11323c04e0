package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LeakyReLU with the given negative slope; the gradient at exactly 0 is the slope's, as in PyTorch.
 *
 * <p>The backward is one Java pass (see {@link HeapCopies}) where it was five native calls (mask, cast, two scalar
 * ops, multiply), each with its own allocation. It multiplies dy by the same two factors those calls produced in
 * the tensor's type, slope + (1 - slope) * [x > 0], so the values are bit for bit the same. libnd4j's lrelu_bp is
 * not used: it passes dy through at x = 0 and rounds the slope to float for double tensors. The factor is picked
 * without a branch ({@link SignMask}).
 */
public final class LeakyRelu implements Layer {
    private final double slope;

    public LeakyRelu(double slope) {
        this.slope = slope;
    }

    @Override
    public Step forward(INDArray x) {
        INDArray y = Transforms.leakyRelu(x, slope, true);
        return new Step(y, dy -> backward(x, dy));
    }

    private INDArray backward(INDArray x, INDArray dy) {
        HeapCopies.requireSupported(dy);
        if (HeapCopies.isFloat(dy)) {
            float scale = (float) (1 - slope);
            float offset = (float) slope;
            float positive = 1f * scale + offset;
            float negative = 0f * scale + offset;
            int positiveBits = Float.floatToRawIntBits(positive);
            int negativeBits = Float.floatToRawIntBits(negative);
            float[] xs = HeapCopies.floats(x);
            float[] g = HeapCopies.floats(dy);
            for (int i = 0; i < g.length; i++) {
                int m = SignMask.positive(xs[i]);
                g[i] *= Float.intBitsToFloat(positiveBits & m | negativeBits & ~m);
            }
            return HeapCopies.of(g, dy.shape());
        }
        double positive = 1.0 * (1 - slope) + slope;
        double negative = 0.0 * (1 - slope) + slope;
        long positiveBits = Double.doubleToRawLongBits(positive);
        long negativeBits = Double.doubleToRawLongBits(negative);
        double[] xs = HeapCopies.doubles(x);
        double[] g = HeapCopies.doubles(dy);
        for (int i = 0; i < g.length; i++) {
            long m = SignMask.positive(xs[i]);
            g[i] *= Double.longBitsToDouble(positiveBits & m | negativeBits & ~m);
        }
        return HeapCopies.of(g, dy.shape());
    }
}
