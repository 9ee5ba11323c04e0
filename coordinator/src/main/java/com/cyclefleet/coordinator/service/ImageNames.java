package com.cyclefleet.coordinator.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Object names for the images of one upload, each distinct: an image without a file name is named by its content
 * (the same image uploaded twice is one object, two different ones are two), and zip entries keep their base name
 * unless another entry has it already ({@code a/x.png} and {@code b/x.png} become {@code x.png} and
 * {@code b_x.png}).
 */
final class ImageNames {

    private static final String UNNAMED_PREFIX = "image-";
    /** 64 bits of SHA-256: collisions among one dataset's images are not a practical concern. */
    private static final int HASH_HEX_CHARS = 16;

    private final Set<String> taken = new HashSet<>();

    /** The name for an uploaded file; its own name if it has one, else one from its content. */
    String forFile(String fileName, byte[] bytes, String format) {
        String byContent = UNNAMED_PREFIX + hash(bytes) + "." + format;
        String name = fileName == null || fileName.isBlank() ? byContent : Uploads.safeFileName(fileName, byContent);
        return claim(name, bytes);
    }

    /** The name for a zip entry: its base name, or its whole path when another entry has the base name. */
    String forEntry(String path, byte[] bytes, String format) {
        String byContent = UNNAMED_PREFIX + hash(bytes) + "." + format;
        String base = Uploads.safeFileName(path, byContent);
        if (!taken.contains(base)) {
            return claim(base, bytes);
        }
        return claim(Uploads.safePathName(path, byContent), bytes);
    }

    private String claim(String name, byte[] bytes) {
        String unique = name;
        if (taken.contains(unique)) {
            int dot = name.lastIndexOf('.');
            String suffix = "-" + hash(bytes);
            unique = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        }
        taken.add(unique);
        return unique;
    }

    static String hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
