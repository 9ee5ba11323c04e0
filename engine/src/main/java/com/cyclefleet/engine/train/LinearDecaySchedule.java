package com.cyclefleet.engine.train;

/**
 * The reference 'linear' lr policy: constant for n_epochs, then linear decay towards zero over n_epochs_decay,
 * stepped at the end of each epoch (epochs count from 1, epoch_count = 1).
 */
public record LinearDecaySchedule(double baseLr, int epochs, int epochsDecay) {
    public LinearDecaySchedule {
        if (epochs < 0 || epochsDecay < 0) {
            throw new IllegalArgumentException("--epochs and --epochs-decay must be >= 0");
        }
    }

    /** The learning rate used during 1-based epoch {@code epoch}. */
    public double learningRate(int epoch) {
        int stepsTaken = epoch - 1;
        double factor = 1.0 - Math.max(0, stepsTaken + 1 - epochs) / (double) (epochsDecay + 1);
        return baseLr * factor;
    }

    public int totalEpochs() {
        return epochs + epochsDecay;
    }
}
