package com.cyclefleet.coordinator.kafka;

/** Messages could not be published; nothing of the publication became visible. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
