package com.cyclefleet.engine.data;

import java.util.List;

/** Augmented training images of both domains, with the file names they came from (same order). */
public record Batch(List<FloatImage> a, List<FloatImage> b, List<String> namesA, List<String> namesB) {
    public int size() {
        return a.size();
    }
}
