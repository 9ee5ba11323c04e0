package com.cyclefleet.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fraction of a dataset's images kept out of training so the evaluation gate scores on images no candidate saw.
 * The choice is by file name, not by key: {@code A/x.png} and {@code B/x.png} (a pair of a paired set) are held out
 * together, and an image never moves between the two sides as more images arrive. A train chunk skips the images
 * this holds out; an evaluation reads only them.
 *
 * @param fraction share of file names held out, strictly between 0 and 1
 */
public record HoldOut(double fraction) {

    public HoldOut {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1 (exclusive), was " + fraction);
        }
    }

    /**
     * True when the file is held out: the first 8 bytes of the SHA-256 of its name (the part after the last
     * {@code /}), read as an unsigned binary fraction (its top 53 bits), are below {@link #fraction()}. Stable across JVMs and
     * languages, unlike {@code String.hashCode}.
     */
    public boolean holdsOut(String keyOrFileName) {
        String name = keyOrFileName.substring(keyOrFileName.lastIndexOf('/') + 1);
        byte[] digest = sha256(name.getBytes(StandardCharsets.UTF_8));
        long high = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            high = (high << 8) | (digest[i] & 0xFF);
        }
        // the top 53 bits, so the fraction is exact in a double
        double position = (high >>> 11) * 0x1p-53;
        return position < fraction;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
