package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One application of a layer: its output and the closure that back-propagates through that application. */
public record Step(INDArray output, Backward backward) {
}
