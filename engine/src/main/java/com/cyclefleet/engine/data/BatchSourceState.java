package com.cyclefleet.engine.data;

/**
 * A {@link BatchSource}'s position, flattened to plain fields so that it serialises to JSON as is. The dataset
 * sizes are recorded to refuse restoring into a different dataset.
 */
public record BatchSourceState(
        int sizeA,
        int sizeB,
        boolean serialBatches,
        int[] permutation,
        int position,
        long samplerS0,
        long samplerS1,
        double samplerSpare,
        boolean samplerHasSpare,
        long augmentS0,
        long augmentS1,
        double augmentSpare,
        boolean augmentHasSpare) {
}
