package com.cyclefleet.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.data.FloatImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
    private static FloatImage constant(int h, int w, int grey) {
        int[] p = new int[h * w];
        Arrays.fill(p, (grey << 16) | (grey << 8) | grey);
        return FloatImage.fromRgb(h, w, p);
    }

    private static FloatImage texture(int h, int w, int offset) {
        int[] p = new int[h * w];
        for (int i = 0; i < p.length; i++) {
            int v = Math.min(255, (i * 37 % 200) + offset);
            p[i] = (v << 16) | (((i * 11) % 256) << 8) | ((i * 5 + offset) % 256);
        }
        return FloatImage.fromRgb(h, w, p);
    }

    @Test
    void psnrOfAConstantDifference() {
        assertEquals(20 * Math.log10(255.0 / 10), ImageMetrics.psnr(constant(8, 8, 100), constant(8, 8, 110)), 1e-9);
        assertEquals(20 * Math.log10(255.0), ImageMetrics.psnr(constant(4, 5, 0), constant(4, 5, 1)), 1e-9);
    }

    @Test
    void psnrOfIdenticalImagesIsCapped() {
        FloatImage a = texture(6, 6, 0);
        assertEquals(ImageMetrics.MAX_PSNR_DB, ImageMetrics.psnr(a, a));
    }

    @Test
    void ssimOfAnImageWithItselfIsOne() {
        FloatImage a = texture(20, 24, 3);
        assertEquals(1.0, ImageMetrics.ssim(a, a), 1e-12);
        FloatImage tiny = texture(5, 5, 3);
        assertEquals(1.0, ImageMetrics.ssim(tiny, tiny), 1e-12);
    }

    @Test
    void ssimOfTwoConstantsIsTheLuminanceTerm() {
        // No variance anywhere, so only (2 mx my + C1) / (mx^2 + my^2 + C1) remains, C1 = (0.01 * 255)^2.
        double c1 = 6.5025;
        double expected = (2 * 100.0 * 150 + c1) / (100.0 * 100 + 150.0 * 150 + c1);
        assertEquals(expected, ImageMetrics.ssim(constant(16, 16, 100), constant(16, 16, 150)), 1e-9);
    }

    @Test
    void ssimDropsWithDistortion() {
        FloatImage a = texture(24, 24, 0);
        double slight = ImageMetrics.ssim(a, texture(24, 24, 4));
        assertTrue(slight < 1.0 && slight > ImageMetrics.ssim(a, constant(24, 24, 128)), "ssim " + slight);
    }

    @Test
    void l1IsMeanAbsoluteDifferenceInUnitRange() {
        assertEquals(2.0, ImageMetrics.l1(constant(3, 3, 0), constant(3, 3, 255)), 1e-6);
        assertEquals(20 / 127.5, ImageMetrics.l1(constant(3, 3, 100), constant(3, 3, 120)), 1e-6);
    }

    @Test
    void reflectMirrorsIncludingTheEdgePixel() {
        int[] expected = {1, 0, 0, 1, 2, 2, 1};
        for (int i = -2; i <= 4; i++) {
            assertEquals(expected[i + 2], ImageMetrics.reflect(i, 3));
        }
        assertEquals(0, ImageMetrics.reflect(-7, 3));
    }
}
