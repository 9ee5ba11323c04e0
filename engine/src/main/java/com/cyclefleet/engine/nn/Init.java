package com.cyclefleet.engine.nn;

import com.cyclefleet.engine.util.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference initialiser init_net(net, 'normal', 0.02): conv weights ~ N(0, gain), biases 0. A null Rng builds a
 * layer whose weights are about to be loaded (checkpoint, model file, reference weights): zeros, nothing drawn, so
 * loading an 11M-parameter generator does not first draw and throw away 11M Gaussians.
 */
public final class Init {
    public static final double GAIN = 0.02;

    private Init() {
    }

    public static INDArray normal(Rng rng, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (rng == null) {
            return zeros(type, shape);
        }
        int count = Math.toIntExact(n);
        if (type == DataType.FLOAT) {
            // the same values as drawing in double and casting the tensor, without the double copy
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = (float) (rng.nextGaussian() * GAIN);
            }
            return Nd4j.create(v, shape, 'c');
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = rng.nextGaussian() * GAIN;
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    public static INDArray zeros(DataType type, long... shape) {
        return Nd4j.zeros(type, shape);
    }
}
