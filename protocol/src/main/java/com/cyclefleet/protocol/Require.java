package com.cyclefleet.protocol;

/**
 * Argument checks shared by the message records. Their messages become the reason of a
 * {@link com.cyclefleet.protocol.codec.MalformedMessageException} when a payload is incomplete, so they name the field.
 */
final class Require {

    private Require() {
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** A nullable text field: absent is fine, but present-and-blank is a producer bug. */
    static String optionalText(String value, String field) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be null or non-blank");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static long atLeast(long value, long minimum, String field) {
        if (value < minimum) {
            throw new IllegalArgumentException(field + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    static double atLeast(double value, double minimum, String field) {
        if (!(value >= minimum)) {
            throw new IllegalArgumentException(field + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }
}
