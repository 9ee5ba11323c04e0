package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The engine's ResNet generator variants, spelled as in the reference implementation's {@code --netG}. */
public enum GeneratorArchitecture {
    @JsonProperty("resnet_6blocks") RESNET_6BLOCKS,
    @JsonProperty("resnet_9blocks") RESNET_9BLOCKS
}
