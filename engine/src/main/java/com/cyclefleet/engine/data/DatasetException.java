package com.cyclefleet.engine.data;

/** A dataset folder that is missing or laid out wrongly; the message starts with the offending path. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }
}
