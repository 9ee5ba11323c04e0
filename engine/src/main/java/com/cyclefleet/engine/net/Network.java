package com.cyclefleet.engine.net;

import com.cyclefleet.engine.nn.Layer;
import com.cyclefleet.engine.nn.Param;
import com.cyclefleet.engine.nn.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A network whose parameters are listed in PyTorch state_dict order under state_dict keys. */
public abstract class Network implements Layer {
    private final Layer body;

    protected Network(Layer body) {
        this.body = body;
    }

    @Override
    public Step forward(INDArray x) {
        return body.forward(x);
    }

    @Override
    public INDArray apply(INDArray x) {
        return body.apply(x);
    }

    @Override
    public List<Param> parameters() {
        return body.parameters();
    }

    public Map<String, Param> parametersByKey() {
        Map<String, Param> m = new LinkedHashMap<>();
        for (Param p : parameters()) {
            m.put(p.key(), p);
        }
        return m;
    }

    public void setRequiresGrad(boolean on) {
        for (Param p : parameters()) {
            p.setRequiresGrad(on);
        }
    }

    public void zeroGrad() {
        for (Param p : parameters()) {
            p.zeroGrad();
        }
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : parameters()) {
            n += p.size();
        }
        return n;
    }
}
