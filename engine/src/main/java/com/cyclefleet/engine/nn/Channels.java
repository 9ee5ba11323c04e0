package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Views of an NCHW tensor as a [N*C, H*W] matrix, one row per (sample, channel) plane. */
final class Channels {
    private Channels() {
    }

    static INDArray planes(INDArray x) {
        INDArray c = x.isView() || x.ordering() != 'c' ? x.dup('c') : x;
        return c.reshape('c', x.size(0) * x.size(1), x.size(2) * x.size(3));
    }

    /** Broadcasts a per-channel vector [C] to a column [N*C, 1] matching {@link #planes}. */
    static INDArray perPlane(INDArray channelVector, long n) {
        long c = channelVector.length();
        return channelVector.reshape(1, c).repeat(0, n).reshape(n * c, 1);
    }
}
