package com.cyclefleet.formats.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference ResnetGenerator as numbers, without building it: the {@code state_dict} key and PyTorch shape of
 * every parameter for a number of residual blocks and ngf, and the smallest input it translates. The coordinator
 * checks imported weights against this (it never loads ND4J); the engine's {@code ResnetGenerator} builds the same
 * keys from the same sequence of modules.
 *
 * <p>Module indices follow {@code nn.Sequential}: ReflectionPad(0), Conv 7x7 (1), IN (2), ReLU (3); two
 * down-sampling convs at 4 and 7 (each followed by IN and ReLU); the residual blocks from 10, each with convs at
 * {@code conv_block.1} and {@code conv_block.5}; two transposed convs (3 modules apart); ReflectionPad and the last
 * Conv 7x7 one module after the last ReLU.
 */
public final class ResnetGeneratorLayout {

    public static final int IMAGE_CHANNELS = 3;
    private static final int OUTER_KERNEL = 7;
    private static final int KERNEL = 3;
    private static final int DOWNSAMPLINGS = 2;
    /** Conv, InstanceNorm, ReLU: the modules of each stage. */
    private static final int STAGE_MODULES = 3;
    private static final int FIRST_CONV = 1;
    /** ReflectionPad, Conv, IN, ReLU before the first down-sampling conv. */
    private static final int FIRST_DOWN = 4;
    private static final String BLOCK_FIRST_CONV = ".conv_block.1";
    private static final String BLOCK_SECOND_CONV = ".conv_block.5";
    /** Each residual block reflect-pads its input by this much. */
    private static final int BLOCK_PAD = 1;

    /**
     * The smallest height and width that translates. Inputs are reflect-padded to a multiple of
     * {@code 2^DOWNSAMPLINGS} (4); the residual blocks then see a quarter of that, and their reflection pad of 1
     * needs at least 2 pixels. A 4x4 input becomes a 1x1 feature map and fails; 5x5 is padded to 8x8 and works.
     */
    public static final int MIN_INPUT_SIZE = BLOCK_PAD * (1 << DOWNSAMPLINGS) + 1;

    private ResnetGeneratorLayout() {
    }

    /** Every parameter's key and PyTorch shape (conv weights [out, in, k, k], transposed [in, out, k, k]). */
    public static Map<String, List<Long>> shapes(int blocks, int ngf) {
        if (blocks < 1 || ngf < 1) {
            throw new IllegalArgumentException("blocks and ngf must be at least 1, got " + blocks + " and " + ngf);
        }
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        conv(shapes, "model." + FIRST_CONV, ngf, IMAGE_CHANNELS, OUTER_KERNEL);
        int index = FIRST_DOWN;
        for (int i = 0; i < DOWNSAMPLINGS; i++) {
            long mult = 1L << i;
            conv(shapes, "model." + index, ngf * mult * 2, ngf * mult, KERNEL);
            index += STAGE_MODULES;
        }
        long dim = (long) ngf << DOWNSAMPLINGS;
        for (int b = 0; b < blocks; b++) {
            conv(shapes, "model." + index + BLOCK_FIRST_CONV, dim, dim, KERNEL);
            conv(shapes, "model." + index + BLOCK_SECOND_CONV, dim, dim, KERNEL);
            index++;
        }
        for (int i = 0; i < DOWNSAMPLINGS; i++) {
            long mult = 1L << (DOWNSAMPLINGS - i);
            // a transposed conv's weight is [in, out, k, k]; its bias has out elements
            shapes.put("model." + index + ".weight", List.of(ngf * mult, ngf * mult / 2, (long) KERNEL, (long) KERNEL));
            shapes.put("model." + index + ".bias", List.of(ngf * mult / 2));
            index += STAGE_MODULES;
        }
        // the reflection pad before the last conv
        index++;
        conv(shapes, "model." + index, IMAGE_CHANNELS, ngf, OUTER_KERNEL);
        return shapes;
    }

    private static void conv(Map<String, List<Long>> shapes, String module, long out, long in, int kernel) {
        shapes.put(module + ".weight", List.of(out, in, (long) kernel, (long) kernel));
        shapes.put(module + ".bias", List.of(out));
    }
}
