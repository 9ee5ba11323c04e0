package com.cyclefleet.coordinator.domain;

/** A synchronous wait for the fleet's answer ran out; the work goes on and can be polled. */
public class TimedOut extends DomainException {

    public TimedOut(String message) {
        super(message);
    }

    public TimedOut(String message, Throwable cause) {
        super(message, cause);
    }
}
