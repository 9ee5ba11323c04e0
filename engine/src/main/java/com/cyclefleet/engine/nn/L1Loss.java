package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** mean(|prediction - target|); the gradient at a zero difference is 0, as torch's sign(0). */
public final class L1Loss {
    private L1Loss() {
    }

    public static Loss of(INDArray prediction, INDArray target) {
        INDArray diff = prediction.sub(target);
        double n = diff.length();
        double value = Transforms.abs(diff, true).sumNumber().doubleValue() / n;
        return new Loss(value, Transforms.sign(diff, false).divi(n));
    }
}
