package com.cyclefleet.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cyclefleet.engine.nn.Param;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Three Adam steps against torch.optim.Adam's formulas evaluated in double. */
class AdamOptimizerTest {
    @Test
    void matchesPyTorchAdam() {
        double lr = 2e-4;
        double b1 = 0.5;
        double b2 = 0.999;
        double eps = 1e-8;
        float[] start = {0.3f, -1.2f, 0.0f, 2.5f};
        float[][] grads = {{0.1f, -0.4f, 0.0f, 3.0f}, {-0.2f, -0.4f, 1e-6f, 2.0f}, {0.05f, 0.3f, -1e-3f, -1.0f}};
        Param p = new Param("w", Nd4j.create(start.clone(), new long[]{2, 2}, 'c'));
        AdamOptimizer adam = new AdamOptimizer(Map.of("w", p), lr, b1, b2, eps);

        double[] value = new double[start.length];
        double[] m = new double[start.length];
        double[] v = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            value[i] = start[i];
        }
        for (int t = 1; t <= grads.length; t++) {
            p.zeroGrad();
            p.accumulate(Nd4j.create(grads[t - 1].clone(), new long[]{2, 2}, 'c'));
            adam.step();
            for (int i = 0; i < start.length; i++) {
                double g = grads[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                value[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
            }
        }
        float[] got = p.value().data().asFloat();
        for (int i = 0; i < start.length; i++) {
            assertEquals(value[i], got[i], 1e-6 * Math.max(1, Math.abs(value[i])), "element " + i);
        }
        assertEquals(3, adam.steps());
    }
}
