package com.cyclefleet.coordinator.domain;

/** The request is over a size limit: bytes, pixels, entries or the compression ratio of an archive. */
public class TooLarge extends DomainException {

    public TooLarge(String message) {
        super(message);
    }

    public TooLarge(String message, Throwable cause) {
        super(message, cause);
    }
}
