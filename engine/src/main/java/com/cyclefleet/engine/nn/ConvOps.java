package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Thin wrappers over libnd4j's conv2d / conv2d_bp and deconv2d / deconv2d_bp (oneDNN-backed on the CPU build), with
 * PyTorch weight layouts (Conv2d [out, in, kH, kW], ConvTranspose2d [in, out, kH, kW]) and symmetric zero padding,
 * so that weights import from PyTorch without transposition.
 */
final class ConvOps {
    /** A multiply-add counts as two floating-point operations. */
    static final long FLOPS_PER_MAC = 2;
    private static final int DILATION = 1;
    private static final int VALID_MODE = 0;
    private static final int NCHW = 0;
    /**
     * libnd4j weight format 1: [oC, iC, kH, kW] for conv2d, PyTorch's Conv2d layout; [iC, oC, kH, kW] for deconv2d,
     * PyTorch's ConvTranspose2d layout.
     */
    private static final int WEIGHTS_PYTORCH = 1;

    private ConvOps() {
    }

    static long outSize(long in, int k, int stride, int pad) {
        return (in + 2L * pad - k) / stride + 1;
    }

    private static int[] iargs(int k, int stride, int pad) {
        return new int[]{k, k, stride, stride, pad, pad, DILATION, DILATION, VALID_MODE, NCHW, WEIGHTS_PYTORCH};
    }

    /** Cross-correlation of x [N,iC,H,W] with w [oC,iC,k,k]; bias may be null. */
    static INDArray conv2d(INDArray x, INDArray w, INDArray bias, int stride, int pad) {
        int k = (int) w.size(2);
        long oh = outSize(x.size(2), k, stride, pad);
        long ow = outSize(x.size(3), k, stride, pad);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(0), oh, ow);
        INDArray[] in = bias == null ? new INDArray[]{x, w} : new INDArray[]{x, w, bias};
        // the builder's addInputs/addOutputs replace rather than append: pass each list in one call
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in).addIntegerArguments(iargs(k, stride, pad))
                .addOutputs(out).build());
        return out;
    }

    /**
     * Gradients of conv2d. Returns {dInput, dWeight, dBias}; dBias is null when bias is null.
     * The input argument only supplies a shape and the data for dWeight.
     */
    static INDArray[] conv2dBackward(INDArray x, INDArray w, INDArray bias, INDArray gradOut, int stride, int pad) {
        int k = (int) w.size(2);
        INDArray gx = Nd4j.createUninitialized(x.dataType(), x.shape());
        INDArray gw = Nd4j.createUninitialized(w.dataType(), w.shape());
        INDArray gb = bias == null ? null : Nd4j.createUninitialized(bias.dataType(), bias.shape());
        INDArray[] in = bias == null ? new INDArray[]{x, w, gradOut} : new INDArray[]{x, w, bias, gradOut};
        INDArray[] out = bias == null ? new INDArray[]{gx, gw} : new INDArray[]{gx, gw, gb};
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in).addIntegerArguments(iargs(k, stride, pad))
                .addOutputs(out).build());
        return new INDArray[]{gx, gw, gb};
    }

    /** Output size of deconv2d, which has no output padding: (in - 1) * stride - 2 * pad + k. */
    static long transposedOutSize(long in, int k, int stride, int pad) {
        return (in - 1) * stride - 2L * pad + k;
    }

    /** Transposed convolution of x [N,iC,H,W] with w [iC,oC,k,k], without output padding; bias may be null. */
    static INDArray deconv2d(INDArray x, INDArray w, INDArray bias, int stride, int pad) {
        int k = (int) w.size(2);
        long oh = transposedOutSize(x.size(2), k, stride, pad);
        long ow = transposedOutSize(x.size(3), k, stride, pad);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(1), oh, ow);
        INDArray[] in = bias == null ? new INDArray[]{x, w} : new INDArray[]{x, w, bias};
        Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(in).addIntegerArguments(iargs(k, stride, pad))
                .addOutputs(out).build());
        return out;
    }

    /**
     * Input and weight gradients of deconv2d without bias, in one call: {dInput, dWeight}. gradOut has deconv2d's
     * output shape.
     */
    static INDArray[] deconv2dBackward(INDArray x, INDArray w, INDArray gradOut, int stride, int pad) {
        int k = (int) w.size(2);
        INDArray gx = Nd4j.createUninitialized(x.dataType(), x.shape());
        INDArray gw = Nd4j.createUninitialized(w.dataType(), w.shape());
        Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(x, w, gradOut)
                .addIntegerArguments(iargs(k, stride, pad)).addOutputs(gx, gw).build());
        return new INDArray[]{gx, gw};
    }
}
