package com.cyclefleet.engine.train;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.Resize;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.engine.data.UnalignedDataset;

/** Sample grids of a trainer on the first image of each training domain, resized to the crop size. */
public final class TrainerSamples {
    private TrainerSamples() {
    }

    public static FloatImage grid(CycleGanTrainer t) {
        UnalignedDataset ds = t.data().dataset();
        int size = t.config().cropSize();
        FloatImage a = resize(ds.a().load(0), size, t.config().resizeA());
        FloatImage b = resize(ds.b().load(0), size, t.config().resizeB());
        return SampleGrid.render(t.model(), a, b);
    }

    private static FloatImage resize(FloatImage im, int size, ResizeMode mode) {
        return Resize.by(mode, im, size, size);
    }
}
