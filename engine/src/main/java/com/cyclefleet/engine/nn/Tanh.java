package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** tanh, differentiated through its output: dy * (1 - y^2). */
public final class Tanh implements Layer {
    @Override
    public Step forward(INDArray x) {
        INDArray y = Transforms.tanh(x, true);
        return new Step(y, dy -> dy.mul(y.mul(y).rsubi(1)));
    }
}
