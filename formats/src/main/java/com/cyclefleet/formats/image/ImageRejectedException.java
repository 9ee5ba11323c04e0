package com.cyclefleet.formats.image;

/** Image bytes refused before any pixel is decoded; the message starts with the image's name. */
public class ImageRejectedException extends RuntimeException {

    /** Why: callers answer 413 for {@link #TOO_LARGE} and 400 for the rest. */
    public enum Reason { EMPTY, NOT_AN_IMAGE, TOO_LARGE }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String name, String problem) {
        this(reason, name, problem, null);
    }

    public ImageRejectedException(Reason reason, String name, String problem, Throwable cause) {
        super(name + ": " + problem, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
