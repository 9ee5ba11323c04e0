package com.cyclefleet.engine.nn;

import com.cyclefleet.engine.util.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The reference initialiser init_net(net, 'normal', 0.02): conv weights ~ N(0, gain), biases 0. */
public final class Init {
    public static final double GAIN = 0.02;

    private Init() {
    }

    public static INDArray normal(Rng rng, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * GAIN;
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    public static INDArray zeros(DataType type, long... shape) {
        return Nd4j.zeros(type, shape);
    }
}
