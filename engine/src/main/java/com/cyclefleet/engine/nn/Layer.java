package com.cyclefleet.engine.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable NCHW operation. Every call to {@link #forward} returns its own backward closure, so one layer can
 * be applied several times in an iteration and each application is differentiated on its own activations.
 */
public interface Layer {
    Step forward(INDArray x);

    /** Forward without keeping anything for backward. */
    default INDArray apply(INDArray x) {
        return forward(x).output();
    }

    default List<Param> parameters() {
        return List.of();
    }

    /** A short name for profiles. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * Multiply-add FLOPs of one forward application to an input of this shape, counted as 2 per multiply-add and
     * only for convolutions (the benchmark's GFLOP/s convention); 0 for everything else.
     */
    default long forwardFlops(long[] inputShape) {
        return 0;
    }
}
