package com.cyclefleet.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Error measures between an engine result and a reference array, computed in double. */
public final class Compare {
    private Compare() {
    }

    public static double relL2(INDArray actual, INDArray expected) {
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(a.shape());
        double den = e.norm2Number().doubleValue();
        return a.sub(e).norm2Number().doubleValue() / Math.max(den, Double.MIN_NORMAL);
    }

    public static double maxAbs(INDArray actual, INDArray expected) {
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(a.shape());
        return a.sub(e).amaxNumber().doubleValue();
    }
}
