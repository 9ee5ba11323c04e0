package com.cyclefleet.engine.train;

import com.cyclefleet.engine.nn.Param;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * torch.optim.Adam (PyTorch 1.13 single-tensor path, no weight decay, no amsgrad), written out so that its moments
 * can be checkpointed and the epsilon sits where PyTorch puts it: p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
 */
public final class AdamOptimizer {
    private final Map<String, Param> params;
    private final Map<String, INDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, INDArray> secondMoment = new LinkedHashMap<>();
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
            firstMoment.put(e.getKey(), v.ulike().assign(0));
            secondMoment.put(e.getKey(), v.ulike().assign(0));
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

    public Map<String, INDArray> firstMoments() {
        return firstMoment;
    }

    public Map<String, INDArray> secondMoments() {
        return secondMoment;
    }

    /** Restores moments and step count saved from an optimiser over the same parameter names. */
    public void restore(long steps, Map<String, INDArray> m, Map<String, INDArray> v) {
        this.steps = steps;
        for (String k : params.keySet()) {
            firstMoment.get(k).assign(require(m, k));
            secondMoment.get(k).assign(require(v, k));
        }
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
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        double stepSize = lr / bc1;
        for (Map.Entry<String, Param> e : params.entrySet()) {
            INDArray g = e.getValue().grad();
            if (g == null) {
                continue;
            }
            INDArray m = firstMoment.get(e.getKey());
            INDArray v = secondMoment.get(e.getKey());
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denom = Transforms.sqrt(v, true).divi(bc2Sqrt).addi(eps);
            e.getValue().value().subi(m.div(denom).muli(stepSize));
        }
    }

    public void zeroGrad() {
        for (Param p : params.values()) {
            p.zeroGrad();
        }
    }
}
