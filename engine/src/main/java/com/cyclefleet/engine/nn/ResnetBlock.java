package com.cyclefleet.engine.nn;

import com.cyclefleet.engine.util.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** y = x + IN(Conv(RPad1(ReLU(IN(Conv(RPad1(x))))))); no activation after the sum, dropout off. */
public final class ResnetBlock implements Layer, Container {
    private static final int KERNEL = 3;
    private final Sequential block;

    public ResnetBlock(String key, int dim, Rng rng, DataType type) {
        // indices 1 and 5 match the reference's conv_block Sequential so state_dict keys line up
        this.block = new Sequential(List.of(
                new ReflectionPad2d(1),
                new Conv2d(key + ".conv_block.1", dim, dim, KERNEL, 1, 0, rng, type),
                new InstanceNorm2d(),
                new Relu(),
                new ReflectionPad2d(1),
                new Conv2d(key + ".conv_block.5", dim, dim, KERNEL, 1, 0, rng, type),
                new InstanceNorm2d()));
    }

    @Override
    public Step forward(INDArray x) {
        Step inner = block.forward(x);
        // not addi: the norm's output buffer is kept for its backward pass
        return new Step(inner.output().add(x), dy -> inner.backward().apply(dy).addi(dy));
    }

    @Override
    public INDArray apply(INDArray x) {
        return block.apply(x).addi(x);
    }

    @Override
    public List<Param> parameters() {
        return block.parameters();
    }
}
