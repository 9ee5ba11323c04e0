package com.cyclefleet.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor named by its PyTorch state_dict key, with its accumulated gradient.
 * Gradients accumulate because one network is applied several times per iteration (translation, cycle, identity).
 */
public final class Param {
    private final String key;
    private INDArray value;
    private INDArray grad;
    private boolean requiresGrad = true;

    public Param(String key, INDArray value) {
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public INDArray value() {
        return value;
    }

    /** Replaces the values in place so that layers holding this Param see the new weights. */
    public void assign(INDArray newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException(key + ": expected shape " + java.util.Arrays.toString(value.shape())
                    + " but got " + java.util.Arrays.toString(newValue.shape()));
        }
        value.assign(newValue);
    }

    public INDArray grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public void setRequiresGrad(boolean requiresGrad) {
        this.requiresGrad = requiresGrad;
    }

    /** Adds g to the gradient; takes ownership of g when the gradient is empty. */
    public void accumulate(INDArray g) {
        if (!requiresGrad) {
            return;
        }
        if (grad == null) {
            grad = g;
        } else {
            grad.addi(g);
        }
    }

    public void zeroGrad() {
        grad = null;
    }

    public long size() {
        return value.length();
    }
}
