package com.cyclefleet.engine.train;

import com.cyclefleet.formats.model.ModelFiles;
import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.NLayerDiscriminator;
import com.cyclefleet.engine.net.Network;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.nn.Param;
import com.cyclefleet.engine.util.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/** The four networks: G_A (A to B), G_B (B to A), D_A (scores domain B), D_B (scores domain A). */
public final class CycleGanModel {
    public static final String G_A = ModelFiles.G_A;
    public static final String G_B = ModelFiles.G_B;
    public static final String D_A = "D_A";
    public static final String D_B = "D_B";

    private final ResnetGenerator gA;
    private final ResnetGenerator gB;
    private final NLayerDiscriminator dA;
    private final NLayerDiscriminator dB;

    /** Initialised like the reference: each network drawn in turn from one seeded stream (null: zeros, to be loaded). */
    public CycleGanModel(TrainingParameters c, Rng rng) {
        this.gA = new ResnetGenerator(new GeneratorSpec(c.netG(), c.ngf()), rng, DataType.FLOAT);
        this.gB = new ResnetGenerator(new GeneratorSpec(c.netG(), c.ngf()), rng, DataType.FLOAT);
        this.dA = new NLayerDiscriminator(c.ndf(), c.discriminatorLayers(), rng, DataType.FLOAT);
        this.dB = new NLayerDiscriminator(c.ndf(), c.discriminatorLayers(), rng, DataType.FLOAT);
    }

    public ResnetGenerator gA() {
        return gA;
    }

    public ResnetGenerator gB() {
        return gB;
    }

    public NLayerDiscriminator dA() {
        return dA;
    }

    public NLayerDiscriminator dB() {
        return dB;
    }

    public Map<String, Network> networks() {
        Map<String, Network> m = new LinkedHashMap<>();
        m.put(G_A, gA);
        m.put(G_B, gB);
        m.put(D_A, dA);
        m.put(D_B, dB);
        return m;
    }

    /** Parameters of the named networks under "net/key" names. */
    public Map<String, Param> parameters(String... nets) {
        Map<String, Network> all = networks();
        Map<String, Param> out = new LinkedHashMap<>();
        for (String n : nets) {
            for (Param p : all.get(n).parameters()) {
                out.put(n + "/" + p.key(), p);
            }
        }
        return out;
    }
}
