package com.cyclefleet.engine.train;

import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference ImagePool: a history of generated images that the discriminator sees instead of only the latest
 * fakes (Shrivastava et al.). Until full, each new image is stored and returned; when full, with probability 0.5 a
 * random stored image is returned and replaced by the new one, else the new one is returned.
 */
public final class ImagePool {
    private static final double SWAP_PROBABILITY = 0.5;
    private final int capacity;
    private final List<INDArray> images = new ArrayList<>();
    private Rng rng;

    public ImagePool(int capacity, Rng rng) {
        if (capacity < 0) {
            throw new IllegalArgumentException("--pool-size must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.rng = rng;
    }

    public int capacity() {
        return capacity;
    }

    public List<INDArray> images() {
        return images;
    }

    public Rng rng() {
        return rng;
    }

    public void restore(List<INDArray> stored, Rng.State rngState) {
        images.clear();
        images.addAll(stored);
        rng = Rng.fromState(rngState);
    }

    /** @param batch fakes [N, C, H, W], detached from the graph; returns the batch the discriminator should see */
    public INDArray query(INDArray batch) {
        if (capacity == 0) {
            return batch;
        }
        INDArray[] out = new INDArray[(int) batch.size(0)];
        for (int i = 0; i < out.length; i++) {
            INDArray image = batch.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup('c');
            if (images.size() < capacity) {
                images.add(image);
                out[i] = image;
            } else if (rng.nextDouble() > SWAP_PROBABILITY) {
                int id = rng.nextInt(capacity);
                out[i] = images.get(id);
                images.set(id, image);
            } else {
                out[i] = image;
            }
        }
        return out.length == 1 ? out[0] : Nd4j.concat(0, out);
    }
}
