package com.cyclefleet.engine.train;

import com.cyclefleet.engine.nn.HeapCopies;
import com.cyclefleet.engine.nn.Param;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * torch.optim.Adam (PyTorch 1.13 single-tensor path, no weight decay, no amsgrad), written out so that its moments
 * can be checkpointed and the epsilon sits where PyTorch puts it: p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
 *
 * <p>The update is one fused float32 loop per tensor over Java arrays, with the moments kept on the heap: as a chain
 * of ND4J ops it took about a dozen native calls and full passes per tensor, a tenth of a small model's iteration.
 * Parameters must be float32 (training always is).
 */
public final class AdamOptimizer {
    private final Map<String, Param> params;
    private final Map<String, float[]> firstMoment = new LinkedHashMap<>();
    private final Map<String, float[]> secondMoment = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private double lr;
    private long steps;

    /** @param params parameters under names unique within this optimiser (e.g. "G_A/model.1.weight") */
    public AdamOptimizer(Map<String, Param> params, double lr, double beta1, double beta2, double eps) {
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Map.Entry<String, Param> e : this.params.entrySet()) {
            INDArray v = e.getValue().value();
            if (v.dataType() != DataType.FLOAT) {
                throw new IllegalArgumentException(e.getKey() + ": Adam runs on float32 parameters, got " + v.dataType());
            }
            int n = Math.toIntExact(v.length());
            firstMoment.put(e.getKey(), new float[n]);
            secondMoment.put(e.getKey(), new float[n]);
        }
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    public double learningRate() {
        return lr;
    }

    public long steps() {
        return steps;
    }

    public Map<String, Param> params() {
        return params;
    }

    /** The first moments as tensors shaped like their parameters (copies, for checkpoints). */
    public Map<String, INDArray> firstMoments() {
        return asTensors(firstMoment);
    }

    public Map<String, INDArray> secondMoments() {
        return asTensors(secondMoment);
    }

    private Map<String, INDArray> asTensors(Map<String, float[]> moments) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : moments.entrySet()) {
            out.put(e.getKey(), HeapCopies.of(e.getValue(), params.get(e.getKey()).value().shape()));
        }
        return out;
    }

    /** Restores moments and step count saved from an optimiser over the same parameter names. */
    public void restore(long steps, Map<String, INDArray> m, Map<String, INDArray> v) {
        this.steps = steps;
        for (String k : params.keySet()) {
            copy(require(m, k), firstMoment.get(k), k);
            copy(require(v, k), secondMoment.get(k), k);
        }
    }

    private static void copy(INDArray from, float[] to, String k) {
        float[] src = HeapCopies.floats(from);
        if (src.length != to.length) {
            throw new IllegalArgumentException("optimiser state for " + k + " has " + src.length + " values, expected "
                    + to.length);
        }
        System.arraycopy(src, 0, to, 0, to.length);
    }

    private static INDArray require(Map<String, INDArray> map, String k) {
        INDArray a = map.get(k);
        if (a == null) {
            throw new IllegalArgumentException("optimiser state has no moment for " + k);
        }
        return a;
    }

    /** One update from the accumulated gradients; parameters without a gradient are left alone, as in PyTorch. */
    public void step() {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        // PyTorch turns these Python floats into float32 scalars for the tensor ops
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, steps));
        float b1 = (float) beta1;
        float oneMinusB1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float oneMinusB2 = (float) (1 - beta2);
        float epsilon = (float) eps;
        for (Map.Entry<String, Param> e : params.entrySet()) {
            INDArray grad = e.getValue().grad();
            if (grad == null) {
                continue;
            }
            INDArray value = e.getValue().value();
            float[] g = HeapCopies.floats(grad);
            float[] p = HeapCopies.floats(value);
            float[] m = firstMoment.get(e.getKey());
            float[] v = secondMoment.get(e.getKey());
            for (int i = 0; i < p.length; i++) {
                float gi = g[i];
                float mi = m[i] * b1 + gi * oneMinusB1;
                float vi = v[i] * b2 + gi * gi * oneMinusB2;
                m[i] = mi;
                v[i] = vi;
                float denom = (float) Math.sqrt(vi) / bc2Sqrt + epsilon;
                p[i] -= stepSize * (mi / denom);
            }
            HeapCopies.overwrite(value, p);
        }
    }

    public void zeroGrad() {
        for (Param p : params.values()) {
            p.zeroGrad();
        }
    }
}
