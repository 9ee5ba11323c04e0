package com.cyclefleet.coordinator.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the object keys created in one bucket out of a MinIO bucket notification (the S3 event structure:
 * {@code Records[].eventName}, {@code Records[].s3.bucket.name}, {@code Records[].s3.object.key}, the key
 * URL-encoded). Anything else in the record is ignored; a record that is not such JSON is refused with the reason.
 */
final class MinioEvents {

    private static final String CREATED = "s3:ObjectCreated:";

    private final ObjectMapper mapper;
    private final String bucket;

    MinioEvents(ObjectMapper mapper, String bucket) {
        this.mapper = mapper;
        this.bucket = bucket;
    }

    /** The keys created in our bucket, in record order. */
    List<String> createdKeys(byte[] value) {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.path("Records").isArray()) {
            throw new IllegalArgumentException("no Records array");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            String event = r.path("eventName").asText("");
            // MinIO writes "s3:ObjectCreated:Put", AWS "ObjectCreated:Put"
            if (!(event.startsWith(CREATED) || ("s3:" + event).startsWith(CREATED))) {
                continue;
            }
            if (!bucket.equals(r.path("s3").path("bucket").path("name").asText())) {
                continue;
            }
            String key = r.path("s3").path("object").path("key").asText("");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a created record has no s3.object.key");
            }
            keys.add(URLDecoder.decode(key, StandardCharsets.UTF_8));
        }
        return keys;
    }
}
