package com.cyclefleet.protocol;

/** One of the two unpaired image collections a CycleGAN learns to translate between. */
public enum Domain {
    A,
    B
}
