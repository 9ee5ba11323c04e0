package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A scalar loss value with its gradient with respect to the prediction. */
public record Loss(double value, INDArray grad) {
    public Loss scaled(double factor) {
        return new Loss(value * factor, grad.mul(factor));
    }
}
