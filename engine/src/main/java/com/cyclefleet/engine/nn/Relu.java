package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ReLU; the gradient at exactly 0 is 0, as in PyTorch. The backward is libnd4j's relu_bp (dy where the output is
 * positive, else 0), one native call where mask, cast and multiply were three, each with its own allocation: on
 * small models the per-call cost, not the arithmetic, is what a ReLU costs. Same values as dy * [y > 0], except
 * that masked entries are +0 where the product gave -0 for negative dy.
 */
public final class Relu implements Layer {
    @Override
    public Step forward(INDArray x) {
        INDArray y = Transforms.relu(x, true);
        return new Step(y, dy -> {
            INDArray dx = Nd4j.createUninitialized(dy.dataType(), dy.shape());
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(y, dy).addOutputs(dx).build());
            return dx;
        });
    }
}
