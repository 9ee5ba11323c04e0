package com.cyclefleet.engine.data;

import com.cyclefleet.formats.training.ResizeMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cyclefleet.engine.util.Rng;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private final FloatImage img = TestImages.gradient(20, 24, 4);

    @Test
    void outputIsCropSizeAndDeterministic() {
        Augmenter aug = new Augmenter(new AugmentOptions(18, 16, true, ResizeMode.BICUBIC, ResizeMode.NEAREST));
        FloatImage a = aug.apply(img, ResizeMode.BICUBIC, new Rng(3));
        assertEquals(16, a.height());
        assertEquals(16, a.width());
        assertEquals(a, aug.apply(img, ResizeMode.BICUBIC, new Rng(3)));
        boolean anyDifferent = false;
        for (long seed = 4; seed < 10; seed++) {
            anyDifferent |= !a.equals(aug.apply(img, ResizeMode.BICUBIC, new Rng(seed)));
        }
        assertEquals(true, anyDifferent);
    }

    @Test
    void drawsTopLeftThenFlip() {
        Augmenter aug = new Augmenter(new AugmentOptions(18, 12, true, ResizeMode.BICUBIC, ResizeMode.BICUBIC));
        for (long seed = 0; seed < 8; seed++) {
            Rng used = new Rng(seed);
            FloatImage out = aug.apply(img, ResizeMode.NEAREST, used);
            Rng replay = new Rng(seed);
            int top = replay.nextInt(7);
            int left = replay.nextInt(7);
            FloatImage expected = Resize.nearest(img, 18, 18).crop(top, left, 12, 12);
            if (replay.nextBoolean()) {
                expected = expected.flipHorizontal();
            }
            assertEquals(expected, out);
            assertEquals(replay.state(), used.state());
        }
    }

    @Test
    void noFlipMeansTwoDraws() {
        Augmenter aug = new Augmenter(new AugmentOptions(20, 20, false, ResizeMode.BICUBIC, ResizeMode.BICUBIC));
        Rng used = new Rng(1);
        FloatImage out = aug.apply(img, ResizeMode.BICUBIC, used);
        Rng replay = new Rng(1);
        replay.nextInt(1);
        replay.nextInt(1);
        assertEquals(replay.state(), used.state());
        assertEquals(Resize.bicubic(img, 20, 20), out);
    }

    @Test
    void testTransformResizesToCropSize() {
        Augmenter aug = new Augmenter(AugmentOptions.reference());
        FloatImage out = aug.applyTest(img, ResizeMode.NEAREST);
        assertEquals(256, out.height());
        assertNotEquals(img.width(), out.width());
    }

    @Test
    void optionsNameTheCliFlags() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AugmentOptions(10, 12, true, ResizeMode.BICUBIC, ResizeMode.BICUBIC));
        assertEquals(true, e.getMessage().startsWith("--crop-size must be <= --load-size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AugmentOptions(0, 0, true, ResizeMode.BICUBIC, ResizeMode.BICUBIC));
        assertEquals(true, e.getMessage().startsWith("--load-size must be > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AugmentOptions(4, -1, true, ResizeMode.BICUBIC, ResizeMode.BICUBIC));
        assertEquals(true, e.getMessage().startsWith("--crop-size must be > 0"), e.getMessage());
    }
}
