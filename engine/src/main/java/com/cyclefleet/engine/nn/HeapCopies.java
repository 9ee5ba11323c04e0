package com.cyclefleet.engine.nn;

import java.lang.ref.Reference;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Java-array copies of dense c-order tensors, for the element-wise kernels that are faster as one Java loop than as
 * a dozen native op calls (each native call costs tens of microseconds, more than a whole small plane's work).
 */
public final class HeapCopies {
    private HeapCopies() {
    }

    /** x itself when its buffer holds exactly its elements in c order, else a dense copy. */
    static INDArray dense(INDArray x) {
        boolean exact = !x.isView() && x.ordering() == 'c' && x.offset() == 0 && x.data().length() == x.length();
        return exact ? x : x.dup('c');
    }

    static boolean isFloat(INDArray x) {
        return x.dataType() == DataType.FLOAT;
    }

    static void requireSupported(INDArray x) {
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("float or double tensors only, got " + x.dataType());
        }
    }

    /** One bulk copy out of native memory (DataBuffer.asFloat() reads element by element). */
    public static float[] floats(INDArray x) {
        INDArray d = dense(x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT));
        float[] v = new float[Math.toIntExact(d.length())];
        new FloatPointer(d.data().addressPointer()).get(v);
        // the buffer is freed when d is collected, which could otherwise happen during the copy
        Reference.reachabilityFence(d);
        return v;
    }

    static double[] doubles(INDArray x) {
        INDArray d = dense(x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE));
        double[] v = new double[Math.toIntExact(d.length())];
        new DoublePointer(d.data().addressPointer()).get(v);
        Reference.reachabilityFence(d);
        return v;
    }

    /** Overwrites a dense float tensor's elements in place (objects holding the tensor see the new values). */
    public static void overwrite(INDArray target, float[] v) {
        if (target.dataType() != DataType.FLOAT || dense(target) != target || target.length() != v.length) {
            throw new IllegalArgumentException("overwrite needs a dense float tensor of " + v.length + " elements");
        }
        new FloatPointer(target.data().addressPointer()).put(v);
        Reference.reachabilityFence(target);
    }

    public static INDArray of(float[] v, long[] shape) {
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        new FloatPointer(y.data().addressPointer()).put(v);
        return y;
    }

    static INDArray of(double[] v, long[] shape) {
        INDArray y = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
        new DoublePointer(y.data().addressPointer()).put(v);
        return y;
    }
}
