package com.cyclefleet.coordinator.domain;

/** The fleet cannot take the request now (broker down, interrupted wait); retrying later can succeed. */
public class Unavailable extends DomainException {

    public Unavailable(String message) {
        super(message);
    }

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
