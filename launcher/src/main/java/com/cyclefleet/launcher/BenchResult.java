package com.cyclefleet.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * One side's measured window for one size in {@code bench fleet}; {@code windowMs} over {@code images} is its ms per
 * image. Also the line the pinned engine child hands back (Jackson, as a record).
 */
record BenchResult(String mode, int size, int images, double windowMs, double[] latenciesMs) {

    double msPerImage() {
        return windowMs / images;
    }

    double percentile(double p) {
        double[] s = latenciesMs.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    String toJson() {
        try {
            return FleetClient.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BenchResult fromJson(JsonNode json) {
        try {
            return FleetClient.JSON.treeToValue(json, BenchResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a bench result: " + json, e);
        }
    }
}
