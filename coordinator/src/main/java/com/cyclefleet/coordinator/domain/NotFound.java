package com.cyclefleet.coordinator.domain;

/** What the request names does not exist: a dataset, job, model, version or translation. */
public class NotFound extends DomainException {

    public NotFound(String message) {
        super(message);
    }

    public NotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
