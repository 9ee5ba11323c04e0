package com.cyclefleet.engine.data;

import java.nio.file.Path;

/** Small deterministic images for tests. */
final class TestImages {
    private TestImages() {
    }

    /** A colourful gradient whose pixels all differ, so that crops, flips and orders are distinguishable. */
    static FloatImage gradient(int h, int w, int salt) {
        int[] packed = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / Math.max(1, w - 1) + salt) & 0xFF;
                int g = (y * 255 / Math.max(1, h - 1) + 3 * salt) & 0xFF;
                int b = (x * 7 + y * 13 + 5 * salt) & 0xFF;
                packed[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return FloatImage.fromRgb(h, w, packed);
    }

    static FloatImage constant(int h, int w, int rgb) {
        int[] packed = new int[h * w];
        java.util.Arrays.fill(packed, rgb);
        return FloatImage.fromRgb(h, w, packed);
    }

    /** Writes {@code count} PNGs named img_00.png... into dir with sizes that vary a little. */
    static void writeFolder(Path dir, int count, int salt) {
        for (int i = 0; i < count; i++) {
            ImageCodec.write(gradient(10 + i % 3, 12 + i % 2, salt + i), dir.resolve(String.format("img_%02d.png", i)));
        }
    }
}
