package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** LeakyReLU with the given negative slope. */
public final class LeakyRelu implements Layer {
    private final double slope;

    public LeakyRelu(double slope) {
        this.slope = slope;
    }

    @Override
    public Step forward(INDArray x) {
        INDArray y = Transforms.leakyRelu(x, slope, true);
        return new Step(y, dy -> {
            INDArray positive = x.gt(0).castTo(dy.dataType());
            // factor = slope + (1 - slope) * [x > 0]
            INDArray factor = positive.muli(1 - slope).addi(slope);
            return dy.mul(factor);
        });
    }
}
