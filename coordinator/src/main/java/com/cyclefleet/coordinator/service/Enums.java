package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.WireNames;

import java.util.Arrays;

/** Parses the protocol's enums from their wire spelling with a clear 400. */
public final class Enums {

    private Enums() {
    }

    public static GeneratorArchitecture netG(String value) {
        return parse(GeneratorArchitecture.class, value, "netG");
    }

    public static Direction direction(String value) {
        try {
            return Direction.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    /** The @JsonProperty spelling of a protocol enum constant. */
    public static String wireName(Enum<?> constant) {
        return WireNames.of(constant);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        for (E constant : type.getEnumConstants()) {
            if (wireName(constant).equals(value)) {
                return constant;
            }
        }
        throw new InvalidRequest(field + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(Enums::wireName).toList() + ", was '" + value + "'");
    }
}
