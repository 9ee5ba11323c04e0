package com.cyclefleet.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResizeTest {
    private static final double EPS = 1e-6;

    /** A one-channel-valued (grey) image, rows of the given values repeated h times. */
    private static FloatImage rows(int h, float[] row) {
        int w = row.length;
        float[] chw = new float[3 * h * w];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = row[i % w];
        }
        return new FloatImage(h, w, chw);
    }

    @Test
    void constantImageStaysConstant() {
        FloatImage img = TestImages.constant(7, 9, 0x336699);
        for (int[] size : new int[][] {{20, 13}, {3, 4}, {7, 5}, {1, 1}}) {
            FloatImage out = Resize.bicubic(img, size[0], size[1]);
            assertEquals(size[0], out.height());
            assertEquals(size[1], out.width());
            for (int c = 0; c < 3; c++) {
                float expected = img.data()[c * 63];
                for (int i = 0; i < size[0] * size[1]; i++) {
                    assertEquals(expected, out.data()[c * size[0] * size[1] + i], EPS);
                }
            }
        }
    }

    @Test
    void upsampledRampInteriorIsLinear() {
        // Keys' cubic (a = -0.5) reproduces linear functions wherever all four taps are inside the image.
        float[] ramp = new float[8];
        for (int x = 0; x < 8; x++) {
            ramp[x] = -1 + x * 0.25f;
        }
        FloatImage out = Resize.bicubic(rows(2, ramp), 2, 16);
        for (int xx = 4; xx < 12; xx++) {
            double sourcePosition = (xx + 0.5) / 2 - 0.5;
            assertEquals(-1 + 0.25 * sourcePosition, out.data()[xx], EPS, "x=" + xx);
        }
    }

    @Test
    void borderWeightsAreRenormalisedLikePil() {
        // Output x=2 of a 4->8 upscale is centred at input 1.25: taps 0,1,2 with weights k(0.75), k(0.25), k(1.25)
        // = 0.2265625, 0.8671875, -0.0703125; tap -1 falls outside, so PIL divides by their sum 1.0234375.
        FloatImage out = Resize.bicubic(rows(1, new float[] {0, 1, 0, 0}), 1, 8);
        assertEquals(0.8671875 / 1.0234375, out.data()[2], EPS);
    }

    @Test
    void halvingACheckerboardGivesGrey() {
        int n = 16;
        float[] chw = new float[3 * n * n];
        for (int i = 0; i < chw.length; i++) {
            int p = i % (n * n);
            chw[i] = ((p / n + p % n) % 2 == 0) ? 1 : -1;
        }
        FloatImage out = Resize.bicubic(new FloatImage(n, n, chw), n / 2, n / 2);
        // Away from the border the taps pair up across each output centre with opposite colours and cancel.
        // At output 0 the taps 0..4 sit at kernel positions -0.25, 0.25, 0.75, 1.25, 1.75 (support doubled), so
        // one axis leaves (0.2265625 + 0.0703125 - 0.0234375) / 1.8671875 of the +-1 pattern; a corner gets its square.
        double edge = 0.2734375 / 1.8671875;
        assertEquals(edge * edge, out.data()[0], EPS);
        for (float v : out.data()) {
            assertTrue(Math.abs(v) <= edge * edge + EPS, "value " + v);
        }
        for (int y = 2; y < n / 2 - 2; y++) {
            for (int x = 0; x < n / 2; x++) {
                assertEquals(0, out.data()[y * n / 2 + x], EPS);
            }
        }
    }

    /** Outputs of PIL 12.3 Image.fromarray(a, mode="F").resize(..., BICUBIC), i.e. PIL's resampler in float. */
    @Test
    void matchesPilFloatResize() {
        float[] row = new float[20];
        for (int i = 0; i < 20; i++) {
            row[i] = (i * 37 % 19) / 8f - 1;
        }
        float[] chw = new float[60];
        for (int i = 0; i < 60; i++) {
            chw[i] = row[i % 20];
        }
        FloatImage img = new FloatImage(4, 5, chw);
        float[] wide = {-0.6286269426345825f, 0.4071269631385803f, 1.2259024381637573f, 1.0062929391860962f,
            0.9170072078704834f, 0.8179272413253784f, 0.7490113377571106f, 0.5332543253898621f, 0.41268789768218994f,
            0.27069222927093506f, 0.1875f, 0.098214291036129f, -0.000865638256072998f, -0.06978154927492142f,
            -0.374011367559433f, -0.4429272711277008f, -0.5420072078704834f, -0.6312928795814514f,
            -0.7205786108970642f, -0.8196585178375244f, -0.8885744214057922f};
        float[] tall = {-0.1182553619146347f, 1.2699617147445679f, 0.9688100814819336f, 0.19677682220935822f,
            1.021758794784546f, 0.7543104887008667f, 0.6904125809669495f, 0.5514914989471436f, 0.34172213077545166f,
            0.4800480902194977f, 0.18197673559188843f, -0.018269240856170654f, 0.03327786922454834f,
            -0.17249137163162231f, -0.37826061248779297f, -0.3793105185031891f, -0.5850797295570374f,
            -0.790848970413208f, -0.5938100814819336f, -0.7995793223381042f, -1.005348563194275f};
        assertArrayEquals(wide, java.util.Arrays.copyOf(Resize.bicubic(img, 3, 7).data(), 21), 1e-6f);
        assertArrayEquals(tall, java.util.Arrays.copyOf(Resize.bicubic(img, 7, 3).data(), 21), 1e-6f);
    }

    @Test
    void sameSizeIsIdentity() {
        FloatImage img = TestImages.gradient(5, 6, 3);
        assertSame(img, Resize.bicubic(img, 5, 6));
        assertSame(img, Resize.nearest(img, 5, 6));
    }

    @Test
    void nearestPicksPilSourcePixels() {
        float[] row = {0, 1, 2, 3, 4};
        assertArrayEquals(new float[] {0, 2, 4}, firstRow(Resize.nearest(rows(1, row), 1, 3)));
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, firstRow(Resize.nearest(rows(1, row), 1, 10)));
        assertArrayEquals(new float[] {0, 2}, firstRow(Resize.nearest(rows(1, new float[] {0, 1, 2}), 1, 2)));
        FloatImage tall = Resize.nearest(rows(2, new float[] {7, 8}), 6, 2);
        assertEquals(6, tall.height());
        assertArrayEquals(new float[] {7, 8}, firstRow(tall));
    }

    @Test
    void nearestKeepsColoursExact() {
        FloatImage img = TestImages.gradient(6, 6, 9);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int p : img.toPackedRgb()) {
            colours.add(p);
        }
        for (int p : Resize.nearest(img, 13, 4).toPackedRgb()) {
            assertTrue(colours.contains(p));
        }
    }

    private static float[] firstRow(FloatImage img) {
        return java.util.Arrays.copyOf(img.data(), img.width());
    }
}
