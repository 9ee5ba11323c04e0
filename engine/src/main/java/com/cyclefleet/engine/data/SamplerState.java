package com.cyclefleet.engine.data;

import com.cyclefleet.engine.util.Rng;

/**
 * Everything an {@link UnalignedSampler} needs to continue exactly.
 *
 * @param permutation the current epoch's order (empty before the first draw)
 * @param position how many entries of {@code permutation} have been used
 * @param rng the sampler's random stream
 */
public record SamplerState(int[] permutation, int position, Rng.State rng) {
}
