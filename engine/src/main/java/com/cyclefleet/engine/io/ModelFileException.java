package com.cyclefleet.engine.io;

/** A model or checkpoint file that cannot be used; the message names the file and the problem. */
public class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }
}
