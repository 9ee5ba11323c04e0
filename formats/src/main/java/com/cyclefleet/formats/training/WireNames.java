package com.cyclefleet.formats.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The wire spelling of an enum constant is its {@link JsonProperty} value, written once on the constant; the command
 * line, the REST API and the files all read and print that spelling through here.
 */
public final class WireNames {

    private WireNames() {
    }

    public static String of(Enum<?> constant) {
        try {
            JsonProperty p = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return p == null ? constant.name() : p.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("enum constant without a field: " + constant, e);
        }
    }

    /** The constant spelled {@code value}; the message names {@code field} and every accepted spelling. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(field + " must be one of " + list(type) + ", was '" + value + "'");
    }

    /** Every accepted spelling, comma-separated. */
    public static String list(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
    }
}
