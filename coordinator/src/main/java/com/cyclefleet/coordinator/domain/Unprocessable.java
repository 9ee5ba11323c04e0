package com.cyclefleet.coordinator.domain;

/** The request is well formed but its content cannot be used: weights with wrong shapes, a translation that failed. */
public class Unprocessable extends DomainException {

    public Unprocessable(String message) {
        super(message);
    }

    public Unprocessable(String message, Throwable cause) {
        super(message, cause);
    }
}
