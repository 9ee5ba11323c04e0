package com.cyclefleet.launcher.scale;

/** The workers of one role that the autoscaler sizes. */
public interface WorkerPool {

    /** Workers running now (one that died is not counted, so the next reading replaces it). */
    int size();

    /** Starts one worker and returns once it is healthy; throws when it cannot start. */
    void add();

    /** Stops the newest worker as Kubernetes does (SIGTERM, then its grace period) and returns once it is gone. */
    void remove();
}
