package com.cyclefleet.engine.io;

/** A .npy file that cannot be read or does not match what was expected; the message names the file. */
public class NpyFormatException extends RuntimeException {
    public NpyFormatException(String message) {
        super(message);
    }
}
