package com.cyclefleet.engine.data;

import com.cyclefleet.engine.util.Rng;
import com.cyclefleet.formats.training.ResizeMode;

/** The reference's 'resize_and_crop' training transform (plus its test-time counterpart). */
public final class Augmenter {
    private final AugmentOptions options;

    public Augmenter(AugmentOptions options) {
        this.options = options;
    }

    public AugmentOptions options() {
        return options;
    }

    /**
     * Resize to loadSize x loadSize, random crop of cropSize, random horizontal flip.
     * Draw order from {@code rng}, fixed because checkpoints replay it: crop top, crop left, then (only when flipping
     * is enabled) one boolean for the flip. Exactly three draws per image with flip on, two with it off.
     */
    public FloatImage apply(FloatImage img, ResizeMode mode, Rng rng) {
        int load = options.loadSize();
        int crop = options.cropSize();
        FloatImage resized = Resize.by(mode, img, load, load);
        int top = rng.nextInt(load - crop + 1);
        int left = rng.nextInt(load - crop + 1);
        FloatImage out = crop == load ? resized : resized.crop(top, left, crop, crop);
        if (options.flip() && rng.nextBoolean()) {
            out = out.flipHorizontal();
        }
        return out;
    }

    /** Test-time transform of the reference: a plain resize to cropSize x cropSize, no randomness. */
    public FloatImage applyTest(FloatImage img, ResizeMode mode) {
        return Resize.by(mode, img, options.cropSize(), options.cropSize());
    }
}
