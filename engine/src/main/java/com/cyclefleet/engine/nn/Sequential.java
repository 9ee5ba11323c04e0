package com.cyclefleet.engine.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order. An InstanceNorm2d followed by a Relu runs as one fused pass (InstanceNorm2d.forwardRelu),
 * except under a LayerProfiler, which times every layer on its own.
 */
public final class Sequential implements Layer, Container {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Step forward(INDArray x) {
        Backward[] backs = new Backward[layers.size()];
        INDArray h = x;
        LayerProfiler profiler = LayerProfiler.current();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Step s;
            if (profiler == null && normThenRelu(i)) {
                s = ((InstanceNorm2d) l).forwardRelu(h);
                backs[i++] = s.backward();
            } else {
                s = profiler == null ? l.forward(h) : profiler.forward(l, h);
                backs[i] = s.backward();
            }
            h = s.output();
        }
        return new Step(h, dy -> {
            INDArray g = dy;
            for (int i = backs.length - 1; i >= 0; i--) {
                // a fused pair leaves the ReLU's slot empty
                if (backs[i] != null) {
                    g = backs[i].apply(g);
                }
            }
            return g;
        });
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray h = x;
        LayerProfiler profiler = LayerProfiler.current();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (profiler == null && normThenRelu(i)) {
                h = ((InstanceNorm2d) l).applyRelu(h);
                i++;
            } else {
                h = profiler == null ? l.apply(h) : profiler.apply(l, h);
            }
        }
        return h;
    }

    private boolean normThenRelu(int i) {
        return layers.get(i) instanceof InstanceNorm2d && i + 1 < layers.size() && layers.get(i + 1) instanceof Relu;
    }

    @Override
    public List<Param> parameters() {
        List<Param> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.parameters());
        }
        return all;
    }
}
