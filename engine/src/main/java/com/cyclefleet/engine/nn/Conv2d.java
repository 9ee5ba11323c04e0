package com.cyclefleet.engine.nn;

import com.cyclefleet.engine.util.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** PyTorch Conv2d with bias and symmetric zero padding; weight [out, in, k, k]. */
public final class Conv2d implements Layer {
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;

    public Conv2d(String key, int in, int out, int kernel, int stride, int pad, Rng rng, DataType type) {
        this.weight = new Param(key + ".weight", Init.normal(rng, type, out, in, kernel, kernel));
        this.bias = new Param(key + ".bias", Init.zeros(type, out));
        this.stride = stride;
        this.pad = pad;
    }

    @Override
    public Step forward(INDArray x) {
        INDArray y = apply(x);
        return new Step(y, dy -> {
            INDArray[] g = ConvOps.conv2dBackward(x, weight.value(), bias.value(), dy, stride, pad);
            weight.accumulate(g[1]);
            bias.accumulate(g[2]);
            return g[0];
        });
    }

    @Override
    public INDArray apply(INDArray x) {
        return ConvOps.conv2d(x, weight.value(), bias.value(), stride, pad);
    }

    @Override
    public String describe() {
        long[] w = weight.value().shape();
        return "Conv2d " + w[2] + "x" + w[3] + "/s" + stride + " " + w[1] + "->" + w[0];
    }

    @Override
    public long forwardFlops(long[] in) {
        long[] w = weight.value().shape();
        int k = (int) w[2];
        long outH = ConvOps.outSize(in[2], k, stride, pad);
        long outW = ConvOps.outSize(in[3], k, stride, pad);
        return ConvOps.FLOPS_PER_MAC * k * k * w[1] * w[0] * outH * outW * in[0];
    }

    @Override
    public List<Param> parameters() {
        return List.of(weight, bias);
    }
}
