package com.cyclefleet.engine.data;

import com.cyclefleet.engine.util.Rng;

/**
 * The reference's order of training examples. An epoch has max(|A|, |B|) positions visited in a fresh random
 * permutation (the DataLoader's shuffle); position i uses A[perm[i] mod |A|] and a uniformly random B. With serial
 * batches the reference turns shuffling off, so the permutation is the identity and B is B[perm[i] mod |B|].
 */
public final class UnalignedSampler {
    private final int sizeA;
    private final int sizeB;
    private final boolean serialBatches;
    private final Rng rng;
    private int[] permutation;
    private int position;

    public UnalignedSampler(int sizeA, int sizeB, boolean serialBatches, Rng rng) {
        this(sizeA, sizeB, serialBatches, rng, new int[0], 0);
    }

    private UnalignedSampler(int sizeA, int sizeB, boolean serialBatches, Rng rng, int[] permutation, int position) {
        if (sizeA <= 0 || sizeB <= 0) {
            throw new IllegalArgumentException("both domains need at least one image, got |A|=" + sizeA + ", |B|=" + sizeB);
        }
        this.sizeA = sizeA;
        this.sizeB = sizeB;
        this.serialBatches = serialBatches;
        this.rng = rng;
        this.permutation = permutation;
        this.position = position;
    }

    public static UnalignedSampler restore(int sizeA, int sizeB, boolean serialBatches, SamplerState state) {
        int epoch = Math.max(sizeA, sizeB);
        int[] perm = state.permutation() == null ? new int[0] : state.permutation().clone();
        if (perm.length != 0 && perm.length != epoch) {
            throw new IllegalArgumentException("sampler state has a permutation of " + perm.length
                    + " entries but the dataset's epoch is " + epoch + " (|A|=" + sizeA + ", |B|=" + sizeB
                    + "): the dataset changed since the checkpoint");
        }
        if (state.position() < 0 || state.position() > perm.length) {
            throw new IllegalArgumentException("sampler state position " + state.position() + " is outside 0.."
                    + perm.length);
        }
        return new UnalignedSampler(sizeA, sizeB, serialBatches, Rng.fromState(state.rng()), perm, state.position());
    }

    public int epochSize() {
        return Math.max(sizeA, sizeB);
    }

    public IndexPair next() {
        if (position >= permutation.length) {
            startEpoch();
        }
        int slot = permutation[position++];
        int b = serialBatches ? slot % sizeB : rng.nextInt(sizeB);
        return new IndexPair(slot % sizeA, b);
    }

    public SamplerState state() {
        return new SamplerState(permutation.clone(), position, rng.state());
    }

    private void startEpoch() {
        permutation = new int[epochSize()];
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
        if (!serialBatches) {
            rng.shuffle(permutation);
        }
        position = 0;
    }
}
