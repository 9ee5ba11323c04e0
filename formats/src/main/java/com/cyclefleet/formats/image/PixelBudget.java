package com.cyclefleet.formats.image;

/**
 * The most pixels any CycleFleet process decodes from one image: the coordinator at its door (translations and
 * dataset images), the worker before it decodes a task's input or a dataset image, the command line before it
 * reads a file. The bound is on pixels, not file bytes, because a compressed file says nothing about what it
 * decodes to; decoding costs about {@link #DECODED_BYTES_PER_PIXEL} bytes of heap per pixel whatever the stored
 * depth, so the budget is what bounds memory.
 *
 * @param maxPixels width x height at most this
 */
public record PixelBudget(long maxPixels) {

    /** 2048x2048: the largest load size training accepts, and 128 MB of heap to decode. */
    public static final long DEFAULT_MAX_PIXELS = 2048L * 2048L;

    /**
     * Peak heap per pixel while decoding to RGB floats: the decoded raster (up to 4 bytes), its samples as ints
     * (up to 12) and the float image (12).
     */
    public static final int DECODED_BYTES_PER_PIXEL = 28;

    public static final PixelBudget DEFAULT = new PixelBudget(DEFAULT_MAX_PIXELS);

    public PixelBudget {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("max pixels must be at least 1, got " + maxPixels);
        }
    }

    /** Heap the largest allowed image takes to decode. */
    public long maxDecodedBytes() {
        return maxPixels * DECODED_BYTES_PER_PIXEL;
    }

    /**
     * Reads the header and refuses an image over the budget, before anything is decoded.
     *
     * @throws ImageRejectedException EMPTY, NOT_AN_IMAGE or TOO_LARGE
     */
    public ImageHeader check(byte[] bytes, String name) {
        ImageHeader header = ImageHeader.read(bytes, name);
        check(header, name);
        return header;
    }

    /** @throws ImageRejectedException TOO_LARGE */
    public void check(ImageHeader header, String name) {
        if (header.pixels() > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, name, header.width() + "x"
                    + header.height() + " pixels (" + header.bitsPerPixel() + " bits per pixel in a "
                    + header.format() + " file, " + header.pixels() * DECODED_BYTES_PER_PIXEL / (1 << 20)
                    + " MB to decode) is over the limit of " + maxPixels + " pixels");
        }
    }
}
