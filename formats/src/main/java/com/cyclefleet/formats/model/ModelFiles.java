package com.cyclefleet.formats.model;

/**
 * Entry names of the engine's model files, which are zips. A serving bundle holds {@value #MANIFEST} and both
 * generators; a training checkpoint holds {@value #CHECKPOINT_MANIFEST}, the same generator entries, the
 * discriminators and the optimiser state. Each parameter is one {@code .npy} entry named by its state_dict key
 * under its network's folder, e.g. {@code G_A/model.1.weight.npy}.
 */
public final class ModelFiles {
    /** The version of both manifests; a reader refuses any other. */
    public static final int FORMAT = 1;
    public static final String MANIFEST = "model.json";
    public static final String CHECKPOINT_MANIFEST = "checkpoint.json";
    /** The A-to-B generator. */
    public static final String G_A = "G_A";
    /** The B-to-A generator. */
    public static final String G_B = "G_B";
    public static final String NPY = ".npy";

    private ModelFiles() {
    }

    /** The folder of one network's entries: {@code network} is {@link #G_A}, {@link #G_B} or a discriminator. */
    public static String folder(String network) {
        return network + "/";
    }

    /** The entry of one parameter of {@code network}. */
    public static String entry(String network, String stateDictKey) {
        return folder(network) + stateDictKey + NPY;
    }
}
