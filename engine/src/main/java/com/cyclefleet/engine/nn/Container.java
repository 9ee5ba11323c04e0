package com.cyclefleet.engine.nn;

/** A layer made of other layers; the profiler times its children instead, so that no time is counted twice. */
public interface Container {
}
