package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Maps the loss gradient of a layer's output to the gradient of its input, accumulating parameter gradients. */
@FunctionalInterface
public interface Backward {
    INDArray apply(INDArray gradOutput);
}
