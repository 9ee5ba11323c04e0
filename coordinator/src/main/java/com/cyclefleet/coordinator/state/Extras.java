package com.cyclefleet.coordinator.state;

/**
 * Names of the extra payload fields the coordinator adds to protocol messages it publishes (see
 * {@link com.cyclefleet.coordinator.kafka.Outgoing}). Other services ignore them; the coordinator needs them to rebuild
 * its state from the topics alone.
 */
public final class Extras {

    /** JobAccepted: the model id the job's final version is created under. */
    public static final String MODEL_ID = "modelId";
    /** TrainChunkTask published by a resume: how many JobFailed events of the job the resume answers. */
    public static final String RESUMES_FAILURES = "resumesFailures";
    /** ModelVersionCreated: {@link #KIND_FINAL}, {@link #KIND_CHECKPOINT} or {@link #KIND_IMPORT}. */
    public static final String VERSION_KIND = "kind";
    public static final String KIND_FINAL = "final";
    public static final String KIND_CHECKPOINT = "checkpoint";
    public static final String KIND_IMPORT = "import";
    /** ModelVersionCreated: the iteration the weights are from. */
    public static final String ITERATION = "iteration";
    /** ModelVersionCreated: the dataset the job trained on (absent for imports). */
    public static final String DATASET = "dataset";
    /** ModelVersionCreated: the object the version was copied from. */
    public static final String SOURCE_KEY = "sourceKey";
    /** ModelVersionCreated: netG and ngf of an imported version. */
    public static final String NET_G = "netG";
    public static final String NGF = "ngf";
    /** TranslateTask of a batch translation: the batch id and its output prefix. */
    public static final String BATCH_ID = "batchId";
    public static final String OUTPUT_PREFIX = "outputPrefix";
    public static final String INPUT_PREFIX = "inputPrefix";
    /** JobDone (written by the worker, optional): the serving bundle's key. */
    public static final String BUNDLE_KEY = "bundleKey";

    private Extras() {
    }
}
