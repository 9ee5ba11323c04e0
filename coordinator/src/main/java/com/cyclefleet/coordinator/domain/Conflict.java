package com.cyclefleet.coordinator.domain;

/** The request is valid but clashes with the current state: a name taken, a job not in a state that allows it. */
public class Conflict extends DomainException {

    public Conflict(String message) {
        super(message);
    }

    public Conflict(String message, Throwable cause) {
        super(message, cause);
    }
}
