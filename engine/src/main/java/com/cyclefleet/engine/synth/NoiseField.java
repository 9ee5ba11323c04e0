package com.cyclefleet.engine.synth;

import com.cyclefleet.engine.util.Rng;

/** Per-pixel noise images for procedural textures, all drawn from an {@link Rng} so that scenes replay exactly. */
final class NoiseField {
    /** Lattice margin: one cell for the interpolation's right/bottom neighbour, one for rounding up. */
    private static final int LATTICE_MARGIN = 2;
    private static final double SMOOTHSTEP_A = 3.0;
    private static final double SMOOTHSTEP_B = 2.0;

    private NoiseField() {
    }

    /** Value noise in [0, 1): random values on a lattice every {@code cell} pixels, blended with smoothstep. */
    static float[] smooth(int size, double cell, Rng rng) {
        int n = (int) Math.ceil(size / cell) + LATTICE_MARGIN;
        double[] lattice = new double[n * n];
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = rng.nextDouble();
        }
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            double fy = y / cell;
            int iy = (int) fy;
            double ty = smoothstep(fy - iy);
            for (int x = 0; x < size; x++) {
                double fx = x / cell;
                int ix = (int) fx;
                double tx = smoothstep(fx - ix);
                double top = lerp(lattice[iy * n + ix], lattice[iy * n + ix + 1], tx);
                double bottom = lerp(lattice[(iy + 1) * n + ix], lattice[(iy + 1) * n + ix + 1], tx);
                out[y * size + x] = (float) lerp(top, bottom, ty);
            }
        }
        return out;
    }

    /** Independent standard normal value per pixel. */
    static float[] gaussian(int size, Rng rng) {
        float[] out = new float[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    private static double smoothstep(double t) {
        return t * t * (SMOOTHSTEP_A - SMOOTHSTEP_B * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
