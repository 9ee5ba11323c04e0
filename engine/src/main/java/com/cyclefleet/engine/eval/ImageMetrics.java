package com.cyclefleet.engine.eval;

import com.cyclefleet.engine.data.FloatImage;

/** Full-reference image quality, computed on the 8-bit images that would be saved (as skimage does on PNGs). */
public final class ImageMetrics {
    /** Identical images have infinite PSNR, which JSON cannot hold; every PSNR is capped here instead. */
    public static final double MAX_PSNR_DB = 100.0;

    private static final double DATA_RANGE = 255.0;
    private static final double DECIBELS = 10.0;
    /** skimage structural_similarity defaults (Wang et al. 2004). */
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final double GAUSSIAN_SIGMA = 1.5;
    /** skimage truncates the Gaussian at 3.5 sigma, giving an 11x11 window. */
    private static final double GAUSSIAN_TRUNCATE = 3.5;
    private static final double HALF = 0.5;
    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;
    private static final int BYTE_MASK = 0xFF;
    private static final int[] CHANNEL_SHIFTS = {RED_SHIFT, GREEN_SHIFT, 0};

    private ImageMetrics() {
    }

    /** Peak signal-to-noise ratio in dB for data range 255, capped at {@link #MAX_PSNR_DB}. */
    public static double psnr(FloatImage a, FloatImage b) {
        checkSameSize(a, b);
        int[] pa = a.toPackedRgb();
        int[] pb = b.toPackedRgb();
        double sum = 0;
        for (int i = 0; i < pa.length; i++) {
            for (int shift : CHANNEL_SHIFTS) {
                double d = ((pa[i] >> shift) & BYTE_MASK) - ((pb[i] >> shift) & BYTE_MASK);
                sum += d * d;
            }
        }
        double mse = sum / (pa.length * (double) CHANNEL_SHIFTS.length);
        if (mse == 0) {
            return MAX_PSNR_DB;
        }
        return Math.min(MAX_PSNR_DB, DECIBELS * Math.log10(DATA_RANGE * DATA_RANGE / mse));
    }

    /**
     * Mean SSIM over R, G, B as skimage's structural_similarity(gaussian_weights=True, sigma=1.5,
     * use_sample_covariance=False, data_range=255): Gaussian-weighted local statistics with 'reflect' borders,
     * averaged over the pixels at least 5 from the edge. skimage refuses images smaller than its 11-pixel window;
     * here such images are averaged over all pixels instead, so tiny test images still get a score.
     */
    public static double ssim(FloatImage a, FloatImage b) {
        checkSameSize(a, b);
        int h = a.height();
        int w = a.width();
        double[] kernel = gaussianKernel();
        int pad = kernel.length / 2;
        int[] pa = a.toPackedRgb();
        int[] pb = b.toPackedRgb();
        double c1 = (K1 * DATA_RANGE) * (K1 * DATA_RANGE);
        double c2 = (K2 * DATA_RANGE) * (K2 * DATA_RANGE);
        boolean crop = h > 2 * pad && w > 2 * pad;
        double total = 0;
        for (int shift : CHANNEL_SHIFTS) {
            double[] x = channel(pa, shift);
            double[] y = channel(pb, shift);
            double[] xx = new double[x.length];
            double[] yy = new double[x.length];
            double[] xy = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xx[i] = x[i] * x[i];
                yy[i] = y[i] * y[i];
                xy[i] = x[i] * y[i];
            }
            double[] ux = blur(x, h, w, kernel);
            double[] uy = blur(y, h, w, kernel);
            double[] uxx = blur(xx, h, w, kernel);
            double[] uyy = blur(yy, h, w, kernel);
            double[] uxy = blur(xy, h, w, kernel);
            double sum = 0;
            int count = 0;
            for (int r = crop ? pad : 0; r < (crop ? h - pad : h); r++) {
                for (int c = crop ? pad : 0; c < (crop ? w - pad : w); c++) {
                    int i = r * w + c;
                    double vx = uxx[i] - ux[i] * ux[i];
                    double vy = uyy[i] - uy[i] * uy[i];
                    double cov = uxy[i] - ux[i] * uy[i];
                    double num = (2 * ux[i] * uy[i] + c1) * (2 * cov + c2);
                    double den = (ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2);
                    sum += num / den;
                    count++;
                }
            }
            total += sum / count;
        }
        return total / CHANNEL_SHIFTS.length;
    }

    /** Mean absolute difference of the float values, in [-1, 1] units (the L1 of the training losses). */
    public static double l1(FloatImage a, FloatImage b) {
        checkSameSize(a, b);
        float[] x = a.data();
        float[] y = b.data();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((double) x[i] - y[i]);
        }
        return sum / x.length;
    }

    private static void checkSameSize(FloatImage a, FloatImage b) {
        if (a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException("images differ in size: " + a.height() + "x" + a.width() + " vs "
                    + b.height() + "x" + b.width());
        }
    }

    private static double[] channel(int[] packed, int shift) {
        double[] out = new double[packed.length];
        for (int i = 0; i < packed.length; i++) {
            out[i] = (packed[i] >> shift) & BYTE_MASK;
        }
        return out;
    }

    /** scipy.ndimage's normalised 1-D Gaussian with radius int(truncate * sigma + 0.5). */
    private static double[] gaussianKernel() {
        int radius = (int) (GAUSSIAN_TRUNCATE * GAUSSIAN_SIGMA + HALF);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-HALF * i * i / (GAUSSIAN_SIGMA * GAUSSIAN_SIGMA));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable filter, rows then columns, with scipy's 'reflect' border (d c b a | a b c d). */
    private static double[] blur(double[] img, int h, int w, double[] k) {
        int radius = k.length / 2;
        double[] tmp = new double[img.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int t = -radius; t <= radius; t++) {
                    s += k[t + radius] * img[r * w + reflect(c + t, w)];
                }
                tmp[r * w + c] = s;
            }
        }
        double[] out = new double[img.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int t = -radius; t <= radius; t++) {
                    s += k[t + radius] * tmp[reflect(r + t, h) * w + c];
                }
                out[r * w + c] = s;
            }
        }
        return out;
    }

    /** Half-sample symmetric extension, periodic with period 2n so that it also works when n < radius. */
    static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
