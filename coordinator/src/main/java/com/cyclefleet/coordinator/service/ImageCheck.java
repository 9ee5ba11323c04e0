package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.api.ApiException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/** Checks that bytes are a decodable image within the size limit, with javax.imageio only. */
public final class ImageCheck {

    /** What the check found. */
    public record Image(String format, int width, int height, String contentType) {
    }

    private ImageCheck() {
    }

    static {
        System.setProperty("java.awt.headless", "true");
        ImageIO.setUseCache(false);
    }

    /**
     * @param name what to call the image in error messages (a file name)
     * @throws ApiException 400 for empty or undecodable bytes, 413 over the limit
     */
    public static Image check(byte[] bytes, String name, long maxBytes) {
        if (bytes == null || bytes.length == 0) {
            throw ApiException.badRequest("image '" + name + "' is empty (0 bytes)");
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(ApiException.PAYLOAD_TOO_LARGE, "image '" + name + "' is " + bytes.length
                    + " bytes, over the limit of " + maxBytes + " bytes (cyclefleet.uploads.max-image-bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw ApiException.badRequest("'" + name + "' is not an image: no PNG, JPEG, GIF or BMP header");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                // decoding the pixels catches truncated and corrupt files, not just a valid header
                var image = reader.read(0);
                return new Image(format, image.getWidth(), image.getHeight(), contentType(format));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("'" + name + "' is not a decodable image: " + e.getMessage());
        }
    }

    private static String contentType(String format) {
        return switch (format) {
            case "png" -> "image/png";
            case "jpeg", "jpg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            default -> "application/octet-stream";
        };
    }
}
