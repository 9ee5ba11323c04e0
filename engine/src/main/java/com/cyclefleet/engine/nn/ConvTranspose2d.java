package com.cyclefleet.engine.nn;

import com.cyclefleet.engine.util.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch ConvTranspose2d with output_padding (the extra row/column lands at the bottom/right); weight
 * [in, out, k, k].
 *
 * <p>A transposed convolution is by definition the input-gradient of the convolution that maps its output shape back
 * to its input shape, with the same weight array read as [oC=in, iC=out, k, k]. So the forward pass is conv2d_bp's
 * input gradient and the backward pass is a plain conv2d; libnd4j's own deconv2d cannot express output_padding.
 */
public final class ConvTranspose2d implements Layer {
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;
    private final int outputPadding;

    public ConvTranspose2d(String key, int in, int out, int kernel, int stride, int pad, int outputPadding, Rng rng,
                           DataType type) {
        if (outputPadding >= stride) {
            throw new IllegalArgumentException("output_padding must be smaller than stride");
        }
        this.weight = new Param(key + ".weight", Init.normal(rng, type, in, out, kernel, kernel));
        this.bias = new Param(key + ".bias", Init.zeros(type, out));
        this.stride = stride;
        this.pad = pad;
        this.outputPadding = outputPadding;
    }

    private long outSize(long in) {
        return (in - 1) * stride - 2L * pad + weight.value().size(2) + outputPadding;
    }

    @Override
    public Step forward(INDArray x) {
        INDArray y = apply(x);
        return new Step(y, dy -> {
            INDArray w = weight.value();
            if (weight.requiresGrad()) {
                // dL/dw of y = conv^T(x; w) equals the weight gradient of conv(dy; w) seen from output gradient x.
                INDArray[] g = ConvOps.conv2dBackward(dy, w, null, x, stride, pad);
                weight.accumulate(g[1]);
                bias.accumulate(dy.sum(0, 2, 3));
            }
            return ConvOps.conv2d(dy, w, null, stride, pad);
        });
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray w = weight.value();
        long[] outShape = {x.size(0), w.size(1), outSize(x.size(2)), outSize(x.size(3))};
        INDArray shapeOnly = Nd4j.zeros(x.dataType(), outShape);
        INDArray y = ConvOps.conv2dBackward(shapeOnly, w, null, x, stride, pad)[0];
        return addBias(y);
    }

    private INDArray addBias(INDArray y) {
        long n = y.size(0);
        long c = y.size(1);
        INDArray rows = y.reshape('c', n * c, y.size(2) * y.size(3));
        INDArray perRow = bias.value().reshape(1, c).repeat(0, n).reshape(n * c, 1);
        rows.addiColumnVector(perRow);
        return y;
    }

    @Override
    public String describe() {
        long[] w = weight.value().shape();
        return "ConvTranspose2d " + w[2] + "x" + w[3] + "/s" + stride + " " + w[0] + "->" + w[1];
    }

    /** Counted at the input resolution: every input pixel meets every tap once (the multiply-adds really done). */
    @Override
    public long forwardFlops(long[] in) {
        long[] w = weight.value().shape();
        return ConvOps.FLOPS_PER_MAC * w[2] * w[3] * w[0] * w[1] * in[2] * in[3] * in[0];
    }

    @Override
    public List<Param> parameters() {
        return List.of(weight, bias);
    }
}
