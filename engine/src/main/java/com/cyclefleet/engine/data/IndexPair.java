package com.cyclefleet.engine.data;

/** One training example: an index into domain A and one into domain B. */
public record IndexPair(int a, int b) {
}
