package com.cyclefleet.engine.nn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReflectionPad2d: mirrors without repeating the edge pixel. Hand-written forward and backward because SameDiff's
 * REFLECT pad has a wrong gradient in M2.1 (stack notes). The backward pass folds every mirrored row and column back
 * onto the pixel it copied, in the reverse order of the forward copies.
 */
public final class ReflectionPad2d implements Layer {
    private final int pad;

    public ReflectionPad2d(int pad) {
        this.pad = pad;
    }

    @Override
    public Step forward(INDArray x) {
        long h = x.size(2);
        long w = x.size(3);
        if (pad >= h || pad >= w) {
            throw new IllegalArgumentException("reflection pad " + pad + " needs an input larger than " + pad
                    + " pixels, got " + h + "x" + w);
        }
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1), h + 2 * pad, w + 2 * pad);
        out.get(all(), all(), interval(pad, pad + h), interval(pad, pad + w)).assign(x);
        // columns first, on the centre rows; then whole rows, which also fills the corners
        INDArray centreRows = out.get(all(), all(), interval(pad, pad + h), all());
        for (int i = 1; i <= pad; i++) {
            centreRows.get(all(), all(), all(), point(pad - i)).assign(centreRows.get(all(), all(), all(), point(pad + i)));
            centreRows.get(all(), all(), all(), point(pad + w - 1 + i))
                    .assign(centreRows.get(all(), all(), all(), point(pad + w - 1 - i)));
        }
        for (int i = 1; i <= pad; i++) {
            out.get(all(), all(), point(pad - i), all()).assign(out.get(all(), all(), point(pad + i), all()));
            out.get(all(), all(), point(pad + h - 1 + i), all()).assign(out.get(all(), all(), point(pad + h - 1 - i), all()));
        }
        return new Step(out, dy -> {
            INDArray g = dy.dup('c');
            for (int i = 1; i <= pad; i++) {
                g.get(all(), all(), point(pad + i), all()).addi(g.get(all(), all(), point(pad - i), all()));
                g.get(all(), all(), point(pad + h - 1 - i), all()).addi(g.get(all(), all(), point(pad + h - 1 + i), all()));
            }
            INDArray rows = g.get(all(), all(), interval(pad, pad + h), all());
            for (int i = 1; i <= pad; i++) {
                rows.get(all(), all(), all(), point(pad + i)).addi(rows.get(all(), all(), all(), point(pad - i)));
                rows.get(all(), all(), all(), point(pad + w - 1 - i)).addi(rows.get(all(), all(), all(), point(pad + w - 1 + i)));
            }
            return g.get(all(), all(), interval(pad, pad + h), interval(pad, pad + w)).dup('c');
        });
    }
}
