package com.cyclefleet.formats.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * What an image's header says, read without decoding a pixel: ImageIO's readers answer width, height and the raw
 * sample layout from the header alone. A 200 KB PNG can declare 8000x8000 pixels; this is how every process learns
 * that before it allocates them.
 *
 * @param format       ImageIO's format name, lower case (png, jpeg, gif, bmp)
 * @param bitsPerPixel bits per pixel as stored (1 for a bilevel PNG, 24 for RGB); decoding expands every pixel
 *                     to 24 bits, so a 1-bit image grows 24 times
 */
public record ImageHeader(String format, int width, int height, int bitsPerPixel) {

    static {
        System.setProperty("java.awt.headless", "true");
        // no temporary files: the bytes are already in memory
        ImageIO.setUseCache(false);
    }

    public long pixels() {
        return (long) width * height;
    }

    /** The MIME type for {@link #format()}. */
    public String contentType() {
        return switch (format) {
            case "png" -> "image/png";
            case "jpeg", "jpg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            default -> "application/octet-stream";
        };
    }

    /**
     * @param name what to call the image in messages (a file name or object key)
     * @throws ImageRejectedException EMPTY or NOT_AN_IMAGE
     */
    public static ImageHeader read(byte[] bytes, String name) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, name, "empty file (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notAnImage(name, "no PNG, JPEG, GIF or BMP header", null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw notAnImage(name, "header declares " + width + "x" + height + " pixels", null);
                }
                ImageTypeSpecifier raw = reader.getRawImageType(0);
                int bits = raw == null ? 0 : raw.getColorModel().getPixelSize();
                return new ImageHeader(reader.getFormatName().toLowerCase(Locale.ROOT), width, height, bits);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejectedException rejected) {
                throw rejected;
            }
            throw notAnImage(name, "unreadable image header (" + e.getMessage() + ")", e);
        }
    }

    private static ImageRejectedException notAnImage(String name, String problem, Throwable cause) {
        return new ImageRejectedException(ImageRejectedException.Reason.NOT_AN_IMAGE, name, "not an image: " + problem,
                cause);
    }
}
