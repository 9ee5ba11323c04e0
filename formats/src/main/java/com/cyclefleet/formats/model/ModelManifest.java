package com.cyclefleet.formats.model;

import com.cyclefleet.formats.training.GeneratorArchitecture;

/**
 * The {@value ModelFiles#MANIFEST} of a serving bundle, written by the engine and by the coordinator's weights
 * import alike.
 *
 * @param format    {@link ModelFiles#FORMAT}
 * @param kind      {@link #GENERATORS}, the only kind there is
 * @param netG      the generators' architecture
 * @param ngf       the generators' width
 * @param iteration the training iteration the weights are from (0 for imported weights)
 */
public record ModelManifest(int format, String kind, GeneratorArchitecture netG, int ngf, long iteration) {
    public static final String GENERATORS = "generators";

    public static ModelManifest generators(GeneratorArchitecture netG, int ngf, long iteration) {
        return new ModelManifest(ModelFiles.FORMAT, GENERATORS, netG, ngf, iteration);
    }
}
