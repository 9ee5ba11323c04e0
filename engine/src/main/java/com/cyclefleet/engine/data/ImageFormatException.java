package com.cyclefleet.engine.data;

/** An image file that cannot be decoded or written; the message starts with the file name. */
public class ImageFormatException extends RuntimeException {
    public ImageFormatException(String fileName, String problem) {
        super(fileName + ": " + problem);
    }

    public ImageFormatException(String fileName, String problem, Throwable cause) {
        super(fileName + ": " + problem, cause);
    }

    /** @param message already starts with the file name */
    protected ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
