package com.cyclefleet.engine.infer;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageTensors;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.nn.ReflectionPad2d;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs one generator at inference. Sizes that are not multiples of 4 are reflect-padded at the bottom/right to the
 * next multiple and cropped back, so any image size at least 4 pixels high and wide translates.
 */
public final class Translator {
    /** The generator's first reflection pad needs more than 3 pixels. */
    public static final int MIN_SIZE = 4;
    private static final int MULTIPLE = ResnetGenerator.SIZE_MULTIPLE;
    private final ResnetGenerator generator;

    public Translator(ResnetGenerator generator) {
        this.generator = generator;
    }

    public ResnetGenerator generator() {
        return generator;
    }

    /** [N, 3, H, W] in [-1, 1] to the same shape. */
    public INDArray translate(INDArray batch) {
        if (batch.rank() != 4 || batch.size(1) != ResnetGenerator.IMAGE_CHANNELS) {
            throw new IllegalArgumentException("input must be [N, 3, H, W], got " + java.util.Arrays.toString(batch.shape()));
        }
        long h = batch.size(2);
        long w = batch.size(3);
        if (h < MIN_SIZE || w < MIN_SIZE) {
            throw new IllegalArgumentException("image " + h + "x" + w + " is too small: need at least " + MIN_SIZE
                    + "x" + MIN_SIZE);
        }
        long ph = (MULTIPLE - h % MULTIPLE) % MULTIPLE;
        long pw = (MULTIPLE - w % MULTIPLE) % MULTIPLE;
        INDArray x = batch.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        if (ph == 0 && pw == 0) {
            return generator.apply(x);
        }
        INDArray padded = padBottomRight(x, ph, pw);
        INDArray y = generator.apply(padded);
        return y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, h), NDArrayIndex.interval(0, w))
                .dup('c');
    }

    private static INDArray padBottomRight(INDArray x, long ph, long pw) {
        // reflect by the largest pad (<= 3 < MIN_SIZE), then keep the top-left part
        long p = Math.max(ph, pw);
        INDArray full = new ReflectionPad2d((int) p).apply(x);
        long h = x.size(2);
        long w = x.size(3);
        return full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(p, p + h + ph),
                NDArrayIndex.interval(p, p + w + pw)).dup('c');
    }

    /** Translates images of any sizes, batching those of equal size; output order follows input order. */
    /** One output per input, in the same order: the shape of {@code eval.ImageTranslator}, e.g. {@code t::translate}. */
    public List<FloatImage> translate(List<FloatImage> images) {
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            FloatImage im = images.get(i);
            bySize.computeIfAbsent(im.height() + "x" + im.width(), k -> new ArrayList<>()).add(i);
        }
        FloatImage[] out = new FloatImage[images.size()];
        for (List<Integer> idx : bySize.values()) {
            List<FloatImage> group = new ArrayList<>();
            for (int i : idx) {
                group.add(images.get(i));
            }
            List<FloatImage> res = ImageTensors.unstack(translate(ImageTensors.stack(group)));
            for (int j = 0; j < idx.size(); j++) {
                out[idx.get(j)] = res.get(j);
            }
        }
        return List.of(out);
    }

}
