package com.cyclefleet.formats.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The ResNet generator variants, spelled as in the reference implementation's {@code --netG}. */
public enum GeneratorArchitecture {
    @JsonProperty("resnet_6blocks") RESNET_6BLOCKS(6),
    @JsonProperty("resnet_9blocks") RESNET_9BLOCKS(9);

    private final int blocks;

    GeneratorArchitecture(int blocks) {
        this.blocks = blocks;
    }

    /** Residual blocks between the down- and up-sampling halves. */
    public int blocks() {
        return blocks;
    }

    public String wireName() {
        return WireNames.of(this);
    }

    public static GeneratorArchitecture parse(String value, String field) {
        return WireNames.parse(GeneratorArchitecture.class, value, field);
    }
}
