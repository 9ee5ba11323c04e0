package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * InstanceNorm2d(affine=False, track_running_stats=False): each (sample, channel) plane is normalised by its own mean
 * and biased variance, in training and inference alike. The backward pass is written out because DL4J's variance
 * gradient uses N-1 (stack notes).
 */
public final class InstanceNorm2d implements Layer {
    public static final double EPS = 1e-5;

    @Override
    public Step forward(INDArray x) {
        INDArray rows = Channels.planes(x);
        // statistics in double: float32 sums over large planes lose digits that the fixture tolerance needs
        INDArray exact = rows.castTo(DataType.DOUBLE);
        INDArray mean = exact.mean(1).reshape(rows.size(0), 1);
        INDArray centred = exact.subColumnVector(mean);
        INDArray var = centred.mul(centred).mean(1).reshape(rows.size(0), 1);
        INDArray rstdExact = Transforms.pow(var.addi(EPS), -0.5, false);
        INDArray xhat = centred.muliColumnVector(rstdExact).castTo(x.dataType());
        INDArray rstd = rstdExact.castTo(x.dataType());
        INDArray y = xhat.reshape('c', x.shape());
        return new Step(y, dy -> {
            // dx = rstd * (dy - mean(dy) - xhat * mean(dy * xhat)), per plane
            INDArray g = Channels.planes(dy);
            INDArray meanG = g.mean(1).reshape(g.size(0), 1);
            INDArray meanGx = g.mul(xhat).mean(1).reshape(g.size(0), 1);
            INDArray dx = g.subColumnVector(meanG).subi(xhat.mulColumnVector(meanGx)).muliColumnVector(rstd);
            return dx.reshape('c', x.shape());
        });
    }
}
