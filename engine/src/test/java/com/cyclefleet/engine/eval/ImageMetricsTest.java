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

    /**
     * Values from skimage 0.26: structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
     * use_sample_covariance=False, data_range=255, channel_axis=2) and peak_signal_noise_ratio(a, b, data_range=255)
     * on uint8 images with a[y, x, c] = (7x^2 + 31y + 50c + 3xy) mod 256 and b = clip(a + (13x + 7y + 5c) mod 41 - 20).
     */
    @Test
    void matchesSkimageOnAKnownPair() {
        int h = 13;
        int w = 12;
        int[] a = new int[h * w];
        int[] b = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int va = (x * x * 7 + y * 31 + c * 50 + x * y * 3) % 256;
                    int vb = Math.max(0, Math.min(255, va + (x * 13 + y * 7 + c * 5) % 41 - 20));
                    a[y * w + x] |= va << (16 - 8 * c);
                    b[y * w + x] |= vb << (16 - 8 * c);
                }
            }
        }
        FloatImage fa = FloatImage.fromRgb(h, w, a);
        FloatImage fb = FloatImage.fromRgb(h, w, b);
        assertEquals(0.9873290864172116, ImageMetrics.ssim(fa, fb), 1e-12);
        assertEquals(26.79473224058688, ImageMetrics.psnr(fa, fb), 1e-10);
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
