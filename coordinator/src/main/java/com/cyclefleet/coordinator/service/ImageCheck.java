package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.DomainException;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.TooLarge;
import com.cyclefleet.formats.image.ImageHeader;
import com.cyclefleet.formats.image.ImageRejectedException;
import com.cyclefleet.formats.image.PixelBudget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Checks that bytes are an image the fleet can decode: within the byte limit, within the pixel budget according to
 * its header, and only then decoded in full (which catches truncated and corrupt files). The order matters: a
 * 200 KB PNG may declare 8000x8000 pixels, and decoding it first is what ran processes out of heap.
 */
@ApplicationScoped
public class ImageCheck {

    /** What the check found. */
    public record Image(String format, int width, int height, String contentType) {
    }

    private static final String BYTES_LIMIT = "cyclefleet.uploads.max-image-bytes";
    private static final String PIXELS_LIMIT = "cyclefleet.uploads.max-pixels";

    @Inject
    CoordinatorConfig config;

    private volatile PixelBudget budget;

    public PixelBudget budget() {
        if (budget == null) {
            budget = config.uploads().maxPixels().isPresent()
                    ? new PixelBudget(config.uploads().maxPixels().getAsLong()) : PixelBudget.DEFAULT;
        }
        return budget;
    }

    /**
     * @param name what to call the image in error messages (a file name)
     * @throws InvalidRequest for empty or undecodable bytes; TooLarge over the byte limit or the pixel budget
     */
    public Image check(byte[] bytes, String name) {
        long maxBytes = config.uploads().maxImageBytes();
        if (bytes != null && bytes.length > maxBytes) {
            throw new TooLarge("image '" + name + "' is " + bytes.length
                    + " bytes, over the limit of " + maxBytes + " bytes (" + BYTES_LIMIT + ")");
        }
        ImageHeader header;
        try {
            header = budget().check(bytes, "image '" + name + "'");
        } catch (ImageRejectedException e) {
            throw rejected(e);
        }
        try {
            if (ImageIO.read(new ByteArrayInputStream(bytes)) == null) {
                throw new InvalidRequest("'" + name + "' is not a decodable image");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequest refused) {
                throw refused;
            }
            throw new InvalidRequest("'" + name + "' is not a decodable image: " + e.getMessage());
        }
        return new Image(header.format(), header.width(), header.height(), header.contentType());
    }

    private static DomainException rejected(ImageRejectedException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> new TooLarge(e.getMessage() + " (" + PIXELS_LIMIT
                    + ")");
            case EMPTY, NOT_AN_IMAGE -> new InvalidRequest(e.getMessage());
        };
    }
}
