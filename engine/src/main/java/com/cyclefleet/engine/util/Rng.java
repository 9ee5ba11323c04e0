package com.cyclefleet.engine.util;

/**
 * Seedable random source whose whole state is two longs, so that a checkpoint can capture it exactly.
 * xoroshiro128** seeded through SplitMix64; independent streams come from {@link #split()}.
 */
public final class Rng {
    private long s0;
    private long s1;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        long z = seed;
        z += 0x9E3779B97F4A7C15L;
        s0 = mix(z);
        z += 0x9E3779B97F4A7C15L;
        s1 = mix(z);
        if ((s0 | s1) == 0) {
            s1 = 1;
        }
    }

    private Rng(long s0, long s1, double spare, boolean hasSpare) {
        this.s0 = s0;
        this.s1 = s1;
        this.spareGaussian = spare;
        this.hasSpare = hasSpare;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long a = s0;
        long b = s1;
        long result = Long.rotateLeft(a * 5, 7) * 9;
        b ^= a;
        s0 = Long.rotateLeft(a, 24) ^ b ^ (b << 16);
        s1 = Long.rotateLeft(b, 37);
        return result;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's multiply-shift with rejection: unbiased for every bound.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** Standard normal (Marsaglia polar method; the spare value is part of the state). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** A new generator on an independent stream; advances this one. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** In-place Fisher-Yates shuffle. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    public State state() {
        return new State(s0, s1, spareGaussian, hasSpare);
    }

    public static Rng fromState(State st) {
        return new Rng(st.s0(), st.s1(), st.spare(), st.hasSpare());
    }

    public Rng copy() {
        return fromState(state());
    }

    /** Everything needed to continue the stream exactly. */
    public record State(long s0, long s1, double spare, boolean hasSpare) {
    }
}
