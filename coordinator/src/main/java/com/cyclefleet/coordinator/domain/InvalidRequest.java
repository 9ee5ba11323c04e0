package com.cyclefleet.coordinator.domain;

/** The request itself is wrong: a missing or malformed field, a value out of range, an unknown name. */
public class InvalidRequest extends DomainException {

    public InvalidRequest(String message) {
        super(message);
    }

    public InvalidRequest(String message, Throwable cause) {
        super(message, cause);
    }
}
