package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * tanh, differentiated through its output: dy * (1 - y^2). The backward is one Java pass (see {@link HeapCopies})
 * where it was three native calls with two temporaries; the same float (or double) operations in the same order,
 * so the same values bit for bit.
 */
public final class Tanh implements Layer {
    @Override
    public Step forward(INDArray x) {
        INDArray y = Transforms.tanh(x, true);
        return new Step(y, dy -> backward(y, dy));
    }

    private static INDArray backward(INDArray y, INDArray dy) {
        HeapCopies.requireSupported(dy);
        if (HeapCopies.isFloat(dy)) {
            float[] ys = HeapCopies.floats(y);
            float[] g = HeapCopies.floats(dy);
            for (int i = 0; i < g.length; i++) {
                g[i] *= 1f - ys[i] * ys[i];
            }
            return HeapCopies.of(g, dy.shape());
        }
        double[] ys = HeapCopies.doubles(y);
        double[] g = HeapCopies.doubles(dy);
        for (int i = 0; i < g.length; i++) {
            g[i] *= 1.0 - ys[i] * ys[i];
        }
        return HeapCopies.of(g, dy.shape());
    }
}
