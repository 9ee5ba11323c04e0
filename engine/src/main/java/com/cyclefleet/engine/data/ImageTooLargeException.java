package com.cyclefleet.engine.data;

import com.cyclefleet.formats.image.ImageRejectedException;

/** An image whose header declares more pixels than the budget: refused before decoding, so memory stays bounded. */
public class ImageTooLargeException extends ImageFormatException {
    public ImageTooLargeException(ImageRejectedException cause) {
        super(cause.getMessage(), cause);
    }
}
