package com.cyclefleet.engine.data;

import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Training batches: the sampler picks the files, the augmenter transforms them. Sampling and augmentation use
 * separate random streams so that a change in one (e.g. turning off flips) does not reshuffle the other.
 */
public final class BatchSource {
    private final UnalignedDataset dataset;
    private final AugmentOptions options;
    private final Augmenter augmenter;
    private final boolean serialBatches;
    private UnalignedSampler sampler;
    private Rng augmentRng;

    public BatchSource(UnalignedDataset ds, AugmentOptions opts, boolean serialBatches, long seed) {
        this.dataset = ds;
        this.options = opts;
        this.augmenter = new Augmenter(opts);
        this.serialBatches = serialBatches;
        Rng root = new Rng(seed);
        this.sampler = new UnalignedSampler(ds.a().size(), ds.b().size(), serialBatches, root.split());
        this.augmentRng = root.split();
    }

    public UnalignedDataset dataset() {
        return dataset;
    }

    public int epochSize() {
        return dataset.epochSize();
    }

    /** The next batchSize examples; A and B of each example are augmented independently, A first. */
    public Batch next(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<FloatImage> a = new ArrayList<>(batchSize);
        List<FloatImage> b = new ArrayList<>(batchSize);
        List<String> namesA = new ArrayList<>(batchSize);
        List<String> namesB = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            IndexPair pair = sampler.next();
            a.add(augmenter.apply(dataset.a().load(pair.a()), options.resizeA(), augmentRng));
            b.add(augmenter.apply(dataset.b().load(pair.b()), options.resizeB(), augmentRng));
            namesA.add(dataset.a().name(pair.a()));
            namesB.add(dataset.b().name(pair.b()));
        }
        return new Batch(List.copyOf(a), List.copyOf(b), List.copyOf(namesA), List.copyOf(namesB));
    }

    public BatchSourceState state() {
        SamplerState s = sampler.state();
        Rng.State aug = augmentRng.state();
        return new BatchSourceState(dataset.a().size(), dataset.b().size(), serialBatches, s.permutation(), s.position(),
                s.rng().s0(), s.rng().s1(), s.rng().spare(), s.rng().hasSpare(),
                aug.s0(), aug.s1(), aug.spare(), aug.hasSpare());
    }

    public void restore(BatchSourceState st) {
        int sizeA = dataset.a().size();
        int sizeB = dataset.b().size();
        if (st.sizeA() != sizeA || st.sizeB() != sizeB) {
            throw new IllegalArgumentException("saved data order is for |A|=" + st.sizeA() + ", |B|=" + st.sizeB()
                    + " but " + dataset.root() + " has |A|=" + sizeA + ", |B|=" + sizeB);
        }
        if (st.serialBatches() != serialBatches) {
            throw new IllegalArgumentException("saved data order was made with serial batches "
                    + (st.serialBatches() ? "on" : "off") + " but this run has them " + (serialBatches ? "on" : "off"));
        }
        Rng.State samplerRng = new Rng.State(st.samplerS0(), st.samplerS1(), st.samplerSpare(), st.samplerHasSpare());
        this.sampler = UnalignedSampler.restore(sizeA, sizeB, serialBatches,
                new SamplerState(st.permutation(), st.position(), samplerRng));
        this.augmentRng = Rng.fromState(new Rng.State(st.augmentS0(), st.augmentS1(), st.augmentSpare(),
                st.augmentHasSpare()));
    }
}
