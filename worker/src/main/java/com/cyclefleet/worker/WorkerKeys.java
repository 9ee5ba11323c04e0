package com.cyclefleet.worker;

import com.cyclefleet.storage.ObjectLayout;

/**
 * Object keys the worker contract uses that {@link ObjectLayout} does not (yet) build. Built from ObjectLayout's
 * prefixes so the segment checks still apply; these belong in ObjectLayout and move there once it has them.
 */
public final class WorkerKeys {

    /** The serving bundle (both generators) of a job or a model version. */
    public static final String BUNDLE_FILE = "model.zip";
    /** Marker object whose presence cancels a job: train chunks of the job are skipped. */
    public static final String CANCELLED_MARKER = "cancelled";

    private WorkerKeys() {
    }

    /** {@code jobs/{jobId}/model.zip}: the serving bundle a finished job exports. */
    public static String jobBundle(String jobId) {
        return ObjectLayout.jobPrefix(jobId) + BUNDLE_FILE;
    }

    /** {@code jobs/{jobId}/cancelled} */
    public static String jobCancelled(String jobId) {
        return ObjectLayout.jobPrefix(jobId) + CANCELLED_MARKER;
    }

    /** {@code models/{modelId}/v{version}/model.zip}: a generator bundle or a full checkpoint. */
    public static String modelArtifact(String modelId, int version) {
        return ObjectLayout.modelVersionPrefix(modelId, version) + BUNDLE_FILE;
    }
}
