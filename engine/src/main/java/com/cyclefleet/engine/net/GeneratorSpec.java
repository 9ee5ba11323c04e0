package com.cyclefleet.engine.net;

/** Which ResnetGenerator: the reference's netG name and width. */
public record GeneratorSpec(String netG, int ngf) {
    public static final String RESNET_6 = "resnet_6blocks";
    public static final String RESNET_9 = "resnet_9blocks";

    public GeneratorSpec {
        if (!RESNET_6.equals(netG) && !RESNET_9.equals(netG)) {
            throw new IllegalArgumentException("--netG must be " + RESNET_6 + " or " + RESNET_9 + ", got '" + netG + "'");
        }
        if (ngf <= 0) {
            throw new IllegalArgumentException("--ngf must be positive, got " + ngf);
        }
    }

    public int blocks() {
        return RESNET_9.equals(netG) ? 9 : 6;
    }
}
