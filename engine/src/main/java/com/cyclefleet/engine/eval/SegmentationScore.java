package com.cyclefleet.engine.eval;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.synth.Palette;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates a confusion matrix of predicted against true classes, where each pixel of either image is assigned
 * the nearest palette colour (of its 8-bit value); the paper's FCN-score metrics are computed from it.
 */
public final class SegmentationScore {
    private Palette palette;
    /** confusion[truth][predicted] in pixels. */
    private long[][] confusion;

    public void add(FloatImage predictedLabelsRendering, FloatImage truthLabelMap, Palette palette) {
        if (this.palette == null) {
            this.palette = palette;
            this.confusion = new long[palette.size()][palette.size()];
        } else if (!this.palette.equals(palette)) {
            throw new IllegalArgumentException("all images of one score must use the same palette");
        }
        if (predictedLabelsRendering.height() != truthLabelMap.height()
                || predictedLabelsRendering.width() != truthLabelMap.width()) {
            throw new IllegalArgumentException("prediction is " + predictedLabelsRendering.height() + "x"
                    + predictedLabelsRendering.width() + " but the label map is " + truthLabelMap.height() + "x"
                    + truthLabelMap.width());
        }
        int[] predicted = predictedLabelsRendering.toPackedRgb();
        int[] truth = truthLabelMap.toPackedRgb();
        for (int i = 0; i < truth.length; i++) {
            confusion[palette.nearestClass(truth[i])][palette.nearestClass(predicted[i])]++;
        }
    }

    public long pixels() {
        long n = 0;
        if (confusion != null) {
            for (long[] row : confusion) {
                for (long v : row) {
                    n += v;
                }
            }
        }
        return n;
    }

    /** A copy of confusion[truth][predicted]; empty before the first image. */
    public long[][] confusion() {
        if (confusion == null) {
            return new long[0][0];
        }
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** Fraction of pixels whose class is right; 0 before the first image. */
    public double pixelAccuracy() {
        long total = pixels();
        if (total == 0) {
            return 0;
        }
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return (double) correct / total;
    }

    /** Per class present in the ground truth: the fraction of its pixels predicted as it. */
    public Map<String, Double> perClassAccuracy() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (confusion == null) {
            return out;
        }
        for (int c = 0; c < confusion.length; c++) {
            long truth = rowSum(c);
            if (truth > 0) {
                out.put(palette.get(c).name(), (double) confusion[c][c] / truth);
            }
        }
        return out;
    }

    /** Mean of {@link #perClassAccuracy()}; 0 before the first image. */
    public double meanClassAccuracy() {
        return mean(perClassAccuracy());
    }

    /** Per class present in the ground truth or the prediction: intersection over union. */
    public Map<String, Double> perClassIoU() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (confusion == null) {
            return out;
        }
        for (int c = 0; c < confusion.length; c++) {
            long union = rowSum(c) + columnSum(c) - confusion[c][c];
            if (union > 0) {
                out.put(palette.get(c).name(), (double) confusion[c][c] / union);
            }
        }
        return out;
    }

    /** Mean of {@link #perClassIoU()}; 0 before the first image. */
    public double classIoU() {
        return mean(perClassIoU());
    }

    private long rowSum(int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    private long columnSum(int c) {
        long s = 0;
        for (long[] row : confusion) {
            s += row[c];
        }
        return s;
    }

    private static double mean(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
