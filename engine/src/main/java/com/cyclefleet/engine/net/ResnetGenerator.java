package com.cyclefleet.engine.net;

import com.cyclefleet.engine.nn.Conv2d;
import com.cyclefleet.engine.nn.ConvTranspose2d;
import com.cyclefleet.engine.nn.InstanceNorm2d;
import com.cyclefleet.engine.nn.Layer;
import com.cyclefleet.engine.nn.ReflectionPad2d;
import com.cyclefleet.engine.nn.Relu;
import com.cyclefleet.engine.nn.ResnetBlock;
import com.cyclefleet.engine.nn.Sequential;
import com.cyclefleet.engine.nn.Tanh;
import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The reference ResnetGenerator (instance norm, reflect padding, two stride-2 downsamplings, no dropout). Layer
 * positions follow the reference's top-level nn.Sequential so parameter keys are "model.&lt;i&gt;.…".
 */
public final class ResnetGenerator extends Network {
    public static final int IMAGE_CHANNELS = 3;
    /** Input height and width must be multiples of this (two stride-2 downsamplings). */
    public static final int SIZE_MULTIPLE = 4;
    private static final int OUTER_KERNEL = 7;
    private static final int OUTER_PAD = 3;
    private static final int KERNEL = 3;
    private static final int DOWNSAMPLINGS = 2;

    private final GeneratorSpec spec;

    public ResnetGenerator(GeneratorSpec spec, Rng rng, DataType type) {
        super(build(spec, rng, type));
        this.spec = spec;
    }

    public GeneratorSpec spec() {
        return spec;
    }

    private static Layer build(GeneratorSpec spec, Rng rng, DataType type) {
        int ngf = spec.ngf();
        List<Layer> m = new ArrayList<>();
        m.add(new ReflectionPad2d(OUTER_PAD));
        m.add(new Conv2d(key(m), IMAGE_CHANNELS, ngf, OUTER_KERNEL, 1, 0, rng, type));
        m.add(new InstanceNorm2d());
        m.add(new Relu());
        for (int i = 0; i < DOWNSAMPLINGS; i++) {
            int mult = 1 << i;
            m.add(new Conv2d(key(m), ngf * mult, ngf * mult * 2, KERNEL, 2, 1, rng, type));
            m.add(new InstanceNorm2d());
            m.add(new Relu());
        }
        int dim = ngf << DOWNSAMPLINGS;
        for (int b = 0; b < spec.blocks(); b++) {
            m.add(new ResnetBlock(key(m), dim, rng, type));
        }
        for (int i = 0; i < DOWNSAMPLINGS; i++) {
            int mult = 1 << (DOWNSAMPLINGS - i);
            m.add(new ConvTranspose2d(key(m), ngf * mult, ngf * mult / 2, KERNEL, 2, 1, 1, rng, type));
            m.add(new InstanceNorm2d());
            m.add(new Relu());
        }
        m.add(new ReflectionPad2d(OUTER_PAD));
        m.add(new Conv2d(key(m), ngf, IMAGE_CHANNELS, OUTER_KERNEL, 1, 0, rng, type));
        m.add(new Tanh());
        return new Sequential(m);
    }

    private static String key(List<Layer> soFar) {
        return "model." + soFar.size();
    }
}
