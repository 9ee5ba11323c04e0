package com.cyclefleet.storage;

import java.util.Locale;
import java.util.Map;

/** Content type of an object from its key's extension, so uploaded files are served with a usable type. */
final class ContentTypes {

    static final String BINARY = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.of(
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "json", "application/json",
            "jsonl", "application/x-ndjson",
            "zip", "application/zip",
            "txt", "text/plain");

    private ContentTypes() {
    }

    static String forKey(String key) {
        int dot = key.lastIndexOf('.');
        if (dot < 0 || dot < key.lastIndexOf('/')) {
            return BINARY;
        }
        return BY_EXTENSION.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), BINARY);
    }
}
