package com.cyclefleet.engine.nn;

/**
 * Branch-free "v > 0" for the element-wise Java kernels: on activations about half the signs are negative at random,
 * and a branch per element there mispredicts so often that the Java ReLU of a [1,256,32,32] plane took longer than
 * the native call it replaced. All ones when v's sign bit is clear and v is not +0, else all zeros; -0 and +0 give
 * zeros as {@code v > 0} does (a positive NaN would give ones, where {@code v > 0} is false).
 */
final class SignMask {
    private SignMask() {
    }

    static int positive(float v) {
        int b = Float.floatToRawIntBits(v);
        return (-b & ~b) >> (Integer.SIZE - 1);
    }

    static long positive(double v) {
        long b = Double.doubleToRawLongBits(v);
        return (-b & ~b) >> (Long.SIZE - 1);
    }

    /** v where mask is all ones, +0 where it is zeros. */
    static float keep(float v, int mask) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(v) & mask);
    }

    static double keep(double v, long mask) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & mask);
    }
}
