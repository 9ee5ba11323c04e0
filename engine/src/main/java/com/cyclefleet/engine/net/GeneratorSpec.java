package com.cyclefleet.engine.net;

import com.cyclefleet.formats.training.GeneratorArchitecture;

/** Which ResnetGenerator: the reference's netG and width. */
public record GeneratorSpec(GeneratorArchitecture netG, int ngf) {
    /** The wire spellings, for option defaults that must be compile-time constants. */
    public static final String RESNET_6 = "resnet_6blocks";
    public static final String RESNET_9 = "resnet_9blocks";

    public GeneratorSpec {
        if (netG == null) {
            throw new IllegalArgumentException("--netG must be " + RESNET_6 + " or " + RESNET_9);
        }
        if (ngf <= 0) {
            throw new IllegalArgumentException("--ngf must be positive, got " + ngf);
        }
    }

    /** From the command line's or a manifest's spelling. */
    public GeneratorSpec(String netG, int ngf) {
        this(GeneratorArchitecture.parse(netG, "--netG"), ngf);
    }

    public int blocks() {
        return netG.blocks();
    }
}
