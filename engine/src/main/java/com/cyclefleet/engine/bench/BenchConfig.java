package com.cyclefleet.engine.bench;

import com.cyclefleet.formats.training.GeneratorArchitecture;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark configuration: the networks and image size of one of the configs the reference is timed on. No
 * reference timings live here: these machines' speed moves by 30% or more between days, so the engine is compared
 * with the reference only within one run, side by side.
 */
public record BenchConfig(String name, GeneratorArchitecture netG, int ngf, int ndf, int size) {
    private static final int WIDTH_TINY = 16;
    private static final int WIDTH_SMALL = 32;
    private static final int WIDTH = 64;

    /** The quick demo's model: the reference crops 32x32 out of a 36x36 load; the benchmark needs only the crop. */
    public static final BenchConfig S = new BenchConfig("s", GeneratorArchitecture.RESNET_6BLOCKS, WIDTH_TINY, WIDTH_TINY, 32);
    public static final BenchConfig A = new BenchConfig("a", GeneratorArchitecture.RESNET_6BLOCKS, WIDTH_SMALL, WIDTH_SMALL, 64);
    public static final BenchConfig B = new BenchConfig("b", GeneratorArchitecture.RESNET_9BLOCKS, WIDTH, WIDTH, 128);
    public static final BenchConfig C = new BenchConfig("c", GeneratorArchitecture.RESNET_9BLOCKS, WIDTH, WIDTH, 256);
    public static final List<BenchConfig> ALL = List.of(S, A, B, C);

    /** "s", "a", "b", "c" or "all". */
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
        throw new IllegalArgumentException("--config must be s, a, b, c or all, got '" + s + "'");
    }

    public String describe() {
        return netG.wireName() + ", ngf " + ngf + ", ndf " + ndf + ", " + size + "x" + size;
    }
}
