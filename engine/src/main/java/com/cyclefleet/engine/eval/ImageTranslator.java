package com.cyclefleet.engine.eval;

import com.cyclefleet.engine.data.FloatImage;
import java.util.List;

/** One translation direction (e.g. photo to labels): returns one output per input, in the same order. */
@FunctionalInterface
public interface ImageTranslator {
    List<FloatImage> translate(List<FloatImage> batch);
}
