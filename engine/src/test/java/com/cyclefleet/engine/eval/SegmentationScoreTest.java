package com.cyclefleet.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.synth.Palette;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentationScoreTest {
    private final Palette palette = Palette.standard();

    private FloatImage labels(String... names) {
        int[] p = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            p[i] = palette.get(palette.indexOf(names[i])).rgb();
        }
        return FloatImage.fromRgb(1, names.length, p);
    }

    @Test
    void scoresAKnownConfusion() {
        FloatImage truth = labels("sky", "sky", "sky", "road", "road", "car");
        FloatImage pred = labels("sky", "sky", "road", "road", "car", "car");
        SegmentationScore s = new SegmentationScore();
        s.add(pred, truth, palette);
        assertEquals(4.0 / 6, s.pixelAccuracy(), 1e-12);
        Map<String, Double> acc = s.perClassAccuracy();
        assertEquals(Map.of("sky", 2.0 / 3, "road", 0.5, "car", 1.0), acc);
        assertEquals((2.0 / 3 + 0.5 + 1.0) / 3, s.meanClassAccuracy(), 1e-12);
        // IoU: sky 2/3, road 1/3 (1 hit, union 3), car 1/2.
        assertEquals(Map.of("sky", 2.0 / 3, "road", 1.0 / 3, "car", 0.5), s.perClassIoU());
        assertEquals((2.0 / 3 + 1.0 / 3 + 0.5) / 3, s.classIoU(), 1e-12);
        assertFalse(acc.containsKey("window"));
    }

    @Test
    void predictionsSnapToTheNearestPaletteColour() {
        FloatImage truth = labels("vegetation", "building");
        FloatImage pred = FloatImage.fromRgb(1, 2, new int[] {0x10B010, 0xB01010});
        SegmentationScore s = new SegmentationScore();
        s.add(pred, truth, palette);
        assertEquals(1.0, s.pixelAccuracy());
        assertEquals(1.0, s.classIoU());
    }

    @Test
    void emptyScoreIsZeroNotNaN() {
        SegmentationScore s = new SegmentationScore();
        assertEquals(0.0, s.pixelAccuracy());
        assertEquals(0.0, s.meanClassAccuracy());
        assertEquals(0.0, s.classIoU());
    }
}
