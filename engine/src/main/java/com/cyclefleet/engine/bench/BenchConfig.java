package com.cyclefleet.engine.bench;

import com.cyclefleet.engine.net.GeneratorSpec;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark configuration of issue 3, with the reference PyTorch figures measured by the authors on this machine
 * class (1 thread, batch 1) that the engine is compared against.
 */
public record BenchConfig(String name, String netG, int ngf, int ndf, int size, double referenceTrainMs,
                          double referenceInferMs) {
    private static final int WIDTH_SMALL = 32;
    private static final int WIDTH = 64;

    public static final BenchConfig A = new BenchConfig("a", GeneratorSpec.RESNET_6, WIDTH_SMALL, WIDTH_SMALL, 64,
            576, 26);
    public static final BenchConfig B = new BenchConfig("b", GeneratorSpec.RESNET_9, WIDTH, WIDTH, 128, 7200, 320);
    public static final BenchConfig C = new BenchConfig("c", GeneratorSpec.RESNET_9, WIDTH, WIDTH, 256, 35000, 1280);
    public static final List<BenchConfig> ALL = List.of(A, B, C);

    /** "a", "b", "c" or "all". */
    public static List<BenchConfig> parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        if (k.equals("all")) {
            return ALL;
        }
        for (BenchConfig c : ALL) {
            if (c.name.equals(k)) {
                return List.of(c);
            }
        }
        throw new IllegalArgumentException("--config must be a, b, c or all, got '" + s + "'");
    }

    public String describe() {
        return netG + ", ngf " + ngf + ", ndf " + ndf + ", " + size + "x" + size;
    }
}
