package com.cyclefleet.engine.nn;

import com.cyclefleet.formats.training.GanMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The reference GANLoss: lsgan = MSE against 1/0; vanilla = BCE-with-logits against 1/0. Means over all elements. */
public record GanLoss(GanMode mode) {

    public GanLoss {
        if (mode == null) {
            throw new IllegalArgumentException("--gan-mode must be lsgan or vanilla");
        }
    }

    public Loss of(INDArray prediction, boolean targetIsReal) {
        double target = targetIsReal ? 1.0 : 0.0;
        double n = prediction.length();
        if (mode == GanMode.LSGAN) {
            INDArray diff = prediction.sub(target);
            double value = diff.mul(diff).sumNumber().doubleValue() / n;
            return new Loss(value, diff.muli(2.0 / n));
        }
        // max(p,0) - p*t + log(1 + exp(-|p|)), the numerically stable form torch uses
        INDArray relu = Transforms.relu(prediction, true);
        INDArray softplusNegAbs = Transforms.log(Transforms.exp(Transforms.abs(prediction, true).negi(), false).addi(1), false);
        double value = relu.subi(prediction.mul(target)).addi(softplusNegAbs).sumNumber().doubleValue() / n;
        INDArray grad = Transforms.sigmoid(prediction, true).subi(target).divi(n);
        return new Loss(value, grad);
    }
}
