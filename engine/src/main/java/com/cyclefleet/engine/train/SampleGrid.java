package com.cyclefleet.engine.train;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageTensors;
import java.util.List;

/**
 * A 2x3 picture of where training stands: row 1 real A, fake B = G_A(A), rec A = G_B(G_A(A)); row 2 real B,
 * fake A, rec B. The headless replacement for the reference's Visdom page.
 */
public final class SampleGrid {
    private static final int COLUMNS = 3;
    private static final int ROWS = 2;

    private SampleGrid() {
    }

    public static FloatImage render(CycleGanModel model, FloatImage a, FloatImage b) {
        FloatImage fakeB = one(model.gA().apply(ImageTensors.stack(List.of(a))));
        FloatImage recA = one(model.gB().apply(ImageTensors.stack(List.of(fakeB))));
        FloatImage fakeA = one(model.gB().apply(ImageTensors.stack(List.of(b))));
        FloatImage recB = one(model.gA().apply(ImageTensors.stack(List.of(fakeA))));
        return tile(new FloatImage[][]{{a, fakeB, recA}, {b, fakeA, recB}});
    }

    private static FloatImage one(org.nd4j.linalg.api.ndarray.INDArray batch) {
        return ImageTensors.unstack(batch).get(0);
    }

    static FloatImage tile(FloatImage[][] cells) {
        int h = cells[0][0].height();
        int w = cells[0][0].width();
        int gh = h * ROWS;
        int gw = w * COLUMNS;
        float[] out = new float[FloatImage.CHANNELS * gh * gw];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                float[] src = cells[r][c].data();
                for (int ch = 0; ch < FloatImage.CHANNELS; ch++) {
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(src, (ch * h + y) * w, out, (ch * gh + r * h + y) * gw + c * w, w);
                    }
                }
            }
        }
        return new FloatImage(gh, gw, out);
    }
}
