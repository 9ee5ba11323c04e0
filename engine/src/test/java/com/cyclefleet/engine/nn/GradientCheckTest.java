package com.cyclefleet.engine.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Double-precision central-difference checks of every hand-written backward pass, on L = sum(y * r) for a fixed
 * random r, for the input and for every parameter.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double MAX_REL_ERROR = 1e-6;
    /** Differences below this are finite-difference round-off, not a gradient error (as DL4J's GradCheckUtil). */
    private static final double MIN_ABS_ERROR = 1e-8;

    private static INDArray random(Rng rng, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static double objective(Layer layer, INDArray x, INDArray r) {
        return layer.apply(x).mul(r).sumNumber().doubleValue();
    }

    /** Returns the worst relative error over input and parameters. */
    private static double check(Layer layer, INDArray x) {
        Rng rng = new Rng(99);
        for (Param p : layer.parameters()) {
            // non-trivial parameters so that every path carries gradient
            p.assign(random(rng, p.value().shape()).muli(0.5));
            p.zeroGrad();
        }
        Step s = layer.forward(x);
        INDArray r = random(rng, s.output().shape());
        INDArray dx = s.backward().apply(r);
        List<INDArray[]> pairs = new ArrayList<>();
        pairs.add(new INDArray[]{x, dx});
        for (Param p : layer.parameters()) {
            pairs.add(new INDArray[]{p.value(), p.grad()});
        }
        double worst = 0;
        for (INDArray[] pair : pairs) {
            INDArray v = pair[0];
            INDArray analytic = pair[1];
            INDArray flat = v.reshape(v.length());
            for (long i = 0; i < v.length(); i++) {
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + H);
                double up = objective(layer, x, r);
                flat.putScalar(i, orig - H);
                double down = objective(layer, x, r);
                flat.putScalar(i, orig);
                double numeric = (up - down) / (2 * H);
                double a = analytic.reshape(analytic.length()).getDouble(i);
                double abs = Math.abs(a - numeric);
                double rel = abs / Math.max(Double.MIN_NORMAL, Math.abs(a) + Math.abs(numeric));
                if (abs > MIN_ABS_ERROR) {
                    worst = Math.max(worst, rel);
                }
            }
        }
        return worst;
    }

    private static void assertPasses(String what, Layer layer, long... shape) {
        INDArray x = random(new Rng(7), shape);
        double worst = check(layer, x);
        System.out.printf("gradcheck %-28s worst relative error %.2e%n", what, worst);
        assertTrue(worst < MAX_REL_ERROR, what + ": " + worst);
    }

    @Test
    void reflectionPad() {
        assertPasses("ReflectionPad2d(3)", new ReflectionPad2d(3), 2, 2, 5, 6);
        assertPasses("ReflectionPad2d(1)", new ReflectionPad2d(1), 1, 3, 4, 4);
    }

    @Test
    void instanceNorm() {
        assertPasses("InstanceNorm2d", new InstanceNorm2d(), 2, 3, 4, 5);
    }

    @Test
    void transposedConvolution() {
        assertPasses("ConvTranspose2d k3 s2 p1 op1",
                new ConvTranspose2d("t", 3, 2, 3, 2, 1, 1, new Rng(1), DataType.DOUBLE), 2, 3, 3, 4);
        // other geometries of the conv2d_bp formulation
        assertPasses("ConvTranspose2d k4 s2 p1 op0",
                new ConvTranspose2d("t", 2, 3, 4, 2, 1, 0, new Rng(1), DataType.DOUBLE), 1, 2, 3, 3);
        assertPasses("ConvTranspose2d k3 s2 p1 op0",
                new ConvTranspose2d("t", 3, 2, 3, 2, 1, 0, new Rng(1), DataType.DOUBLE), 2, 3, 3, 4);
    }

    @Test
    void convolution() {
        assertPasses("Conv2d k3 s2 p1", new Conv2d("c", 2, 3, 3, 2, 1, new Rng(1), DataType.DOUBLE), 2, 2, 6, 5);
        assertPasses("Conv2d k4 s1 p1", new Conv2d("c", 2, 2, 4, 1, 1, new Rng(1), DataType.DOUBLE), 1, 2, 5, 5);
    }

    @Test
    void activationsAndBlock() {
        assertPasses("LeakyRelu", new LeakyRelu(0.2), 1, 2, 3, 3);
        assertPasses("Tanh", new Tanh(), 1, 2, 3, 3);
        assertPasses("ResnetBlock", new ResnetBlock("b", 2, new Rng(3), DataType.DOUBLE), 1, 2, 4, 4);
    }
}
