package com.cyclefleet.engine.data;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between images and NCHW float32 batches. */
public final class ImageTensors {
    private static final int CHANNELS = 3;

    private ImageTensors() {
    }

    /** Stacks same-sized images into [N, 3, H, W]. */
    public static INDArray stack(List<FloatImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int h = images.get(0).height();
        int w = images.get(0).width();
        int plane = CHANNELS * h * w;
        float[] all = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            FloatImage im = images.get(i);
            if (im.height() != h || im.width() != w) {
                throw new IllegalArgumentException("images in one batch must share a size: " + h + "x" + w + " vs "
                        + im.height() + "x" + im.width());
            }
            System.arraycopy(im.data(), 0, all, i * plane, plane);
        }
        return Nd4j.create(all, new long[]{images.size(), CHANNELS, h, w}, 'c');
    }

    public static List<FloatImage> unstack(INDArray batch) {
        INDArray c = batch.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c');
        int n = (int) c.size(0);
        int h = (int) c.size(2);
        int w = (int) c.size(3);
        int plane = CHANNELS * h * w;
        float[] all = c.data().asFloat();
        List<FloatImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] one = new float[plane];
            System.arraycopy(all, i * plane, one, 0, plane);
            out.add(new FloatImage(h, w, one));
        }
        return out;
    }
}
