package com.cyclefleet.engine.data;

import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;

/**
 * Training-time preprocessing settings; the messages name the CLI options so that they can be shown to users as is.
 *
 * @param loadSize images are first resized to loadSize x loadSize
 * @param cropSize then a random cropSize x cropSize window is taken
 * @param flip whether to mirror horizontally with probability 0.5
 * @param resizeA how domain A is resized
 * @param resizeB how domain B is resized
 */
public record AugmentOptions(int loadSize, int cropSize, boolean flip, ResizeMode resizeA, ResizeMode resizeB) {
    public static final int REFERENCE_LOAD_SIZE = 286;
    public static final int REFERENCE_CROP_SIZE = 256;

    public AugmentOptions {
        if (loadSize <= 0) {
            throw new IllegalArgumentException("--load-size must be > 0, got " + loadSize);
        }
        if (cropSize <= 0) {
            throw new IllegalArgumentException("--crop-size must be > 0, got " + cropSize);
        }
        if (cropSize > loadSize) {
            throw new IllegalArgumentException("--crop-size must be <= --load-size (got --crop-size " + cropSize
                    + ", --load-size " + loadSize + ")");
        }
        if (resizeA == null || resizeB == null) {
            throw new IllegalArgumentException("--resize-a and --resize-b must be set (bicubic or nearest)");
        }
    }

    /** A run's preprocessing. */
    public static AugmentOptions of(TrainingParameters p) {
        return new AugmentOptions(p.loadSize(), p.cropSize(), p.flip(), p.resizeA(), p.resizeB());
    }

    /** The reference's 256x256 settings: load 286, crop 256, flip, bicubic for both domains. */
    public static AugmentOptions reference() {
        return new AugmentOptions(REFERENCE_LOAD_SIZE, REFERENCE_CROP_SIZE, true, ResizeMode.BICUBIC, ResizeMode.BICUBIC);
    }
}
