package com.cyclefleet.engine.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Layers applied in order. */
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
            Step s = profiler == null ? l.forward(h) : profiler.forward(l, h);
            backs[i] = s.backward();
            h = s.output();
        }
        return new Step(h, dy -> {
            INDArray g = dy;
            for (int i = backs.length - 1; i >= 0; i--) {
                g = backs[i].apply(g);
            }
            return g;
        });
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray h = x;
        LayerProfiler profiler = LayerProfiler.current();
        for (Layer l : layers) {
            h = profiler == null ? l.apply(h) : profiler.apply(l, h);
        }
        return h;
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
