package com.cyclefleet.engine.nn;

import com.cyclefleet.engine.util.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * PyTorch ConvTranspose2d with output_padding (the extra row/column lands at the bottom/right); weight
 * [in, out, k, k].
 *
 * <p>libnd4j's deconv2d has no output_padding, so the input gets {@code ceil(outputPadding / stride)} extra zero
 * rows and columns at the bottom/right: deconv2d then produces at least the padded output, whose top-left part is
 * exactly PyTorch's (the zero rows only add exact zeros). The backward pass is one deconv2d_bp for the input and
 * weight gradients together. Both replace formulations through conv2d_bp, whose weight gradient (forward) or input
 * gradient (backward) was computed and thrown away: libnd4j's conv2d_bp always computes both.
 */
public final class ConvTranspose2d implements Layer {
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;
    private final int outputPadding;
    /** Zero rows/columns appended to the input so that deconv2d's output covers the output padding. */
    private final int inputPadding;

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
        this.inputPadding = (outputPadding + stride - 1) / stride;
    }

    private int kernel() {
        return (int) weight.value().size(2);
    }

    private long outSize(long in) {
        return ConvOps.transposedOutSize(in, kernel(), stride, pad) + outputPadding;
    }

    @Override
    public Step forward(INDArray x) {
        INDArray padded = padBottomRight(x, inputPadding);
        INDArray y = crop(ConvOps.deconv2d(padded, weight.value(), bias.value(), stride, pad), outSize(x.size(2)),
                outSize(x.size(3)));
        return new Step(y, dy -> {
            INDArray w = weight.value();
            if (!weight.requiresGrad()) {
                // the input gradient alone: the convolution this layer transposes
                return ConvOps.conv2d(dy, w, null, stride, pad);
            }
            long fullH = ConvOps.transposedOutSize(padded.size(2), kernel(), stride, pad);
            long fullW = ConvOps.transposedOutSize(padded.size(3), kernel(), stride, pad);
            INDArray[] g = ConvOps.deconv2dBackward(padded, w, padBottomRight(dy, fullH - dy.size(2),
                    fullW - dy.size(3)), stride, pad);
            weight.accumulate(g[1]);
            bias.accumulate(dy.sum(0, 2, 3));
            return crop(g[0], x.size(2), x.size(3));
        });
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray full = ConvOps.deconv2d(padBottomRight(x, inputPadding), weight.value(), bias.value(), stride, pad);
        return crop(full, outSize(x.size(2)), outSize(x.size(3)));
    }

    private static INDArray padBottomRight(INDArray x, long rowsAndColumns) {
        return padBottomRight(x, rowsAndColumns, rowsAndColumns);
    }

    private static INDArray padBottomRight(INDArray x, long rows, long columns) {
        if (rows == 0 && columns == 0) {
            return x;
        }
        INDArray p = Nd4j.zeros(x.dataType(), x.size(0), x.size(1), x.size(2) + rows, x.size(3) + columns);
        p.get(topLeft(x.size(2), x.size(3))).assign(x);
        return p;
    }

    /** The top-left h x w of every plane, as a dense tensor. */
    private static INDArray crop(INDArray x, long h, long w) {
        if (x.size(2) == h && x.size(3) == w) {
            return x;
        }
        return x.get(topLeft(h, w)).dup('c');
    }

    private static INDArrayIndex[] topLeft(long h, long w) {
        return new INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h),
                NDArrayIndex.interval(0, w)};
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
