package com.cyclefleet.formats.weights;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResnetGeneratorLayoutTest {

    /** The keys and shapes of the reference fixture's resnet_6blocks, ngf 8 generator (fixture-res6-ngf8/G). */
    @Test
    void sixBlocksMatchTheReferenceStateDict() {
        Map<String, List<Long>> shapes = ResnetGeneratorLayout.shapes(6, 8);
        assertEquals(36, shapes.size());
        assertEquals(List.of(8L, 3L, 7L, 7L), shapes.get("model.1.weight"));
        assertEquals(List.of(16L, 8L, 3L, 3L), shapes.get("model.4.weight"));
        assertEquals(List.of(32L, 16L, 3L, 3L), shapes.get("model.7.weight"));
        assertEquals(List.of(32L, 32L, 3L, 3L), shapes.get("model.15.conv_block.5.weight"));
        assertEquals(List.of(32L, 16L, 3L, 3L), shapes.get("model.16.weight"));
        assertEquals(List.of(16L), shapes.get("model.16.bias"));
        assertEquals(List.of(16L, 8L, 3L, 3L), shapes.get("model.19.weight"));
        assertEquals(List.of(3L, 8L, 7L, 7L), shapes.get("model.23.weight"));
        assertEquals(List.of(3L), shapes.get("model.23.bias"));
    }

    @Test
    void nineBlocksShiftTheUpSamplingIndices() {
        Map<String, List<Long>> shapes = ResnetGeneratorLayout.shapes(9, 64);
        assertEquals(List.of(256L, 256L, 3L, 3L), shapes.get("model.18.conv_block.1.weight"));
        assertEquals(List.of(256L, 128L, 3L, 3L), shapes.get("model.19.weight"));
        assertEquals(List.of(128L, 64L, 3L, 3L), shapes.get("model.22.weight"));
        assertEquals(List.of(3L, 64L, 7L, 7L), shapes.get("model.26.weight"));
    }

    @Test
    void aFourPixelInputIsTooSmallForTheResidualBlocks() {
        assertEquals(5, ResnetGeneratorLayout.MIN_INPUT_SIZE);
    }
}
