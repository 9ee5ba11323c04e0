package com.cyclefleet.engine.synth;

/** A photo and its ground-truth label map, as paths relative to the dataset folder (e.g. "testA/x.png"). */
public record ImagePair(String photo, String labels) {
}
