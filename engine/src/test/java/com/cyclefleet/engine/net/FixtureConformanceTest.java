package com.cyclefleet.engine.net;

import com.cyclefleet.formats.training.GanMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.Compare;
import com.cyclefleet.engine.Fixture;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.nn.GanLoss;
import com.cyclefleet.engine.nn.L1Loss;
import com.cyclefleet.engine.nn.Loss;
import com.cyclefleet.engine.nn.Param;
import com.cyclefleet.engine.nn.Step;
import com.cyclefleet.engine.util.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The engine against the reference fixture computed by the authors' PyTorch code (float32 engine vs float64 truth). */
class FixtureConformanceTest {
    private static final double OUT_REL_L2 = 1e-5;
    private static final double OUT_MAX_ABS = 1e-4;
    private static final double GRAD_REL = 1e-4;
    /** Gradients of biases that feed an instance norm are 0 in exact arithmetic; float32 leaves noise. */
    private static final double CANCELLED_BIAS_ABS = 1e-4;
    private static final double LAMBDA = 10.0;

    static ResnetGenerator g;
    static NLayerDiscriminator d;
    static INDArray x;

    @BeforeAll
    static void load() {
        g = new ResnetGenerator(new GeneratorSpec(GeneratorSpec.RESNET_6, 8), new Rng(1), DataType.FLOAT);
        d = new NLayerDiscriminator(8, NLayerDiscriminator.DEFAULT_LAYERS, new Rng(2), DataType.FLOAT);
        TorchWeights.load(g, Fixture.dir().resolve("G"));
        TorchWeights.load(d, Fixture.dir().resolve("D"));
        x = Fixture.load("input_x.npy");
    }

    private static void assertClose(String what, INDArray actual, String expectedFile) {
        INDArray e = Fixture.load(expectedFile);
        double rel = Compare.relL2(actual, e);
        double max = Compare.maxAbs(actual, e);
        System.out.printf("conformance %-10s relL2=%.3e maxAbs=%.3e%n", what, rel, max);
        assertTrue(rel <= OUT_REL_L2, what + " relative L2 " + rel);
        assertTrue(max <= OUT_MAX_ABS, what + " max abs " + max);
    }

    @Test
    void parameterCountsMatchTheSpec() {
        ResnetGenerator g9 = new ResnetGenerator(new GeneratorSpec(GeneratorSpec.RESNET_9, 64), new Rng(0), DataType.FLOAT);
        ResnetGenerator g6 = new ResnetGenerator(new GeneratorSpec(GeneratorSpec.RESNET_6, 64), new Rng(0), DataType.FLOAT);
        NLayerDiscriminator d64 = new NLayerDiscriminator(64, 3, new Rng(0), DataType.FLOAT);
        assertEquals(11_378_179L, g9.parameterCount());
        assertEquals(7_837_699L, g6.parameterCount());
        assertEquals(2_764_737L, d64.parameterCount());
    }

    @Test
    void generatorOutputMatchesReference() {
        assertClose("G(x)", g.apply(x), "G_out_fp64.npy");
    }

    @Test
    void discriminatorOutputsMatchReference() {
        assertClose("D(x)", d.apply(x), "D_out_x_fp64.npy");
        assertClose("D(G(x))", d.apply(g.apply(x)), "D_out_Gx_fp64.npy");
    }

    @Test
    void gradientsMatchReference() {
        g.zeroGrad();
        d.zeroGrad();
        Step gs = g.forward(x);
        Step ds = d.forward(gs.output());
        Loss gan = new GanLoss(GanMode.LSGAN).of(ds.output(), true);
        Loss l1 = L1Loss.of(gs.output(), x).scaled(LAMBDA);
        double loss = gan.value() + l1.value();
        double refLoss = Fixture.load("grad64/loss.npy").getDouble(0);
        System.out.printf("conformance loss=%.7f reference=%.7f%n", loss, refLoss);
        assertEquals(refLoss, loss, 1e-5 * Math.abs(refLoss));
        INDArray dGx = ds.backward().apply(gan.grad()).add(l1.grad());
        // x is also the L1 target: dL/dx gets -dL1/dG(x) besides the path through G
        INDArray dx = gs.backward().apply(dGx).sub(l1.grad());
        double worst = 0;
        worst = Math.max(worst, check("dL/dx", dx, "grad64/input_x.npy", false));
        for (Param p : g.parameters()) {
            worst = Math.max(worst, check("G." + p.key(), p.grad(), "grad64/G/" + p.key() + ".npy", cancelledInG(p.key())));
        }
        for (Param p : d.parameters()) {
            worst = Math.max(worst, check("D." + p.key(), p.grad(), "grad64/D/" + p.key() + ".npy", cancelledInD(p.key())));
        }
        System.out.printf("conformance worst gradient relL2=%.3e%n", worst);
    }

    private static boolean cancelledInG(String key) {
        return key.endsWith(".bias") && !key.equals("model.23.bias");
    }

    private static boolean cancelledInD(String key) {
        return key.endsWith(".bias") && !key.equals("model.0.bias") && !key.equals("model.11.bias");
    }

    private static double check(String what, INDArray actual, String file, boolean cancelledBias) {
        INDArray e = Fixture.load(file);
        if (cancelledBias) {
            double max = Compare.maxAbs(actual, e);
            assertTrue(max <= CANCELLED_BIAS_ABS, what + " max abs " + max);
            return 0;
        }
        double rel = Compare.relL2(actual, e);
        assertTrue(rel <= GRAD_REL, what + " relative L2 " + rel);
        return rel;
    }
}
