package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ReLU; the gradient at exactly 0 is 0, as in PyTorch. */
public final class Relu implements Layer {
    @Override
    public Step forward(INDArray x) {
        INDArray y = Transforms.relu(x, true);
        return new Step(y, dy -> dy.mul(y.gt(0).castTo(dy.dataType())));
    }
}
