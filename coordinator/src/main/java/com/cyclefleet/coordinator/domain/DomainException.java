package com.cyclefleet.coordinator.domain;

/**
 * A request the coordinator's domain refuses, with the reason in the message. Services throw the subclass that says
 * what kind of refusal it is; only {@code api.ErrorMappers} knows which HTTP status each kind becomes, so the
 * services stay free of HTTP and can be called from the event fold, the bucket watcher or a test alike.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
