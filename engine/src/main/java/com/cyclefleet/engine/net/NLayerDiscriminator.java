package com.cyclefleet.engine.net;

import com.cyclefleet.engine.nn.Conv2d;
import com.cyclefleet.engine.nn.InstanceNorm2d;
import com.cyclefleet.engine.nn.Layer;
import com.cyclefleet.engine.nn.LeakyRelu;
import com.cyclefleet.engine.nn.Sequential;
import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** The reference PatchGAN NLayerDiscriminator with instance norm; outputs raw scores (no sigmoid). */
public final class NLayerDiscriminator extends Network {
    public static final int DEFAULT_LAYERS = 3;
    private static final int KERNEL = 4;
    private static final int PAD = 1;
    private static final double SLOPE = 0.2;
    private static final int MAX_WIDTH_MULT = 8;

    private final int ndf;
    private final int layers;

    public NLayerDiscriminator(int ndf, int layers, Rng rng, DataType type) {
        super(build(ndf, layers, rng, type));
        this.ndf = ndf;
        this.layers = layers;
    }

    public int ndf() {
        return ndf;
    }

    public int layers() {
        return layers;
    }

    private static Layer build(int ndf, int nLayers, Rng rng, DataType type) {
        if (ndf <= 0) {
            throw new IllegalArgumentException("--ndf must be positive, got " + ndf);
        }
        List<Layer> m = new ArrayList<>();
        m.add(new Conv2d(key(m), ResnetGenerator.IMAGE_CHANNELS, ndf, KERNEL, 2, PAD, rng, type));
        m.add(new LeakyRelu(SLOPE));
        int mult = 1;
        for (int n = 1; n < nLayers; n++) {
            int prev = mult;
            mult = Math.min(1 << n, MAX_WIDTH_MULT);
            m.add(new Conv2d(key(m), ndf * prev, ndf * mult, KERNEL, 2, PAD, rng, type));
            m.add(new InstanceNorm2d());
            m.add(new LeakyRelu(SLOPE));
        }
        int prev = mult;
        mult = Math.min(1 << nLayers, MAX_WIDTH_MULT);
        m.add(new Conv2d(key(m), ndf * prev, ndf * mult, KERNEL, 1, PAD, rng, type));
        m.add(new InstanceNorm2d());
        m.add(new LeakyRelu(SLOPE));
        m.add(new Conv2d(key(m), ndf * mult, 1, KERNEL, 1, PAD, rng, type));
        return new Sequential(m);
    }

    private static String key(List<Layer> soFar) {
        return "model." + soFar.size();
    }
}
