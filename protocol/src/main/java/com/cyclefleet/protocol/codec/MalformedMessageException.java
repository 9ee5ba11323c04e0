package com.cyclefleet.protocol.codec;

/**
 * Bytes that cannot be turned into a {@link com.cyclefleet.protocol.Message}: not JSON, not an envelope, an unknown
 * type, an unsupported version, or an invalid payload. Checked on purpose: a consumer must decide what to do with
 * such a record (the workers send it to the dead-letter topic with {@link #reason()}) instead of crashing its loop.
 */
public class MalformedMessageException extends Exception {

    private final String reason;

    public MalformedMessageException(String reason) {
        this(reason, null);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** What is wrong with the message, in one line meant for a human (and the dead-letter reason header). */
    public String reason() {
        return reason;
    }
}
