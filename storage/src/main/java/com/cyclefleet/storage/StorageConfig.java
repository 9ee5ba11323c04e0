package com.cyclefleet.storage;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach the S3-compatible object store (MinIO in production, s3proxy on one machine).
 *
 * <p>{@link #fromEnvironment()} reads:
 * <ul>
 *   <li>{@code CYCLEFLEET_S3_ENDPOINT} (required): base URL of the S3 API, for example {@code http://127.0.0.1:9000}</li>
 *   <li>{@code CYCLEFLEET_S3_ACCESS_KEY} (required): access key id</li>
 *   <li>{@code CYCLEFLEET_S3_SECRET_KEY} (required): secret access key</li>
 *   <li>{@code CYCLEFLEET_S3_BUCKET} (optional, default {@value #DEFAULT_BUCKET}): the bucket holding everything</li>
 *   <li>{@code CYCLEFLEET_S3_REGION} (optional, default {@value #DEFAULT_REGION}): signing region; MinIO and
 *       s3proxy accept any, AWS needs the bucket's</li>
 * </ul>
 *
 * @param endpoint  base URL of the S3 API (http or https, no path)
 * @param accessKey access key id
 * @param secretKey secret access key (never printed by {@link #toString()})
 * @param bucket    the bucket all CycleFleet objects live in
 * @param region    signing region
 */
public record StorageConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    public static final String ENV_ENDPOINT = "CYCLEFLEET_S3_ENDPOINT";
    public static final String ENV_ACCESS_KEY = "CYCLEFLEET_S3_ACCESS_KEY";
    public static final String ENV_SECRET_KEY = "CYCLEFLEET_S3_SECRET_KEY";
    public static final String ENV_BUCKET = "CYCLEFLEET_S3_BUCKET";
    public static final String ENV_REGION = "CYCLEFLEET_S3_REGION";

    public static final String DEFAULT_BUCKET = "cyclefleet";
    public static final String DEFAULT_REGION = "us-east-1";

    public StorageConfig {
        requireText(endpoint, "endpoint");
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
        requireText(bucket, "bucket");
        requireText(region, "region");
        URI uri = URI.create(endpoint);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http(s) URL like http://127.0.0.1:9000, was '"
                    + endpoint + "'");
        }
    }

    /** Reads the configuration from the process environment; see the class comment for the variables. */
    public static StorageConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the configuration from the given variables; see the class comment for their names. */
    public static StorageConfig fromEnvironment(Map<String, String> env) {
        return new StorageConfig(
                required(env, ENV_ENDPOINT),
                required(env, ENV_ACCESS_KEY),
                required(env, ENV_SECRET_KEY),
                env.getOrDefault(ENV_BUCKET, DEFAULT_BUCKET),
                env.getOrDefault(ENV_REGION, DEFAULT_REGION));
    }

    /** The environment variables that make {@link #fromEnvironment()} return this configuration (for child processes). */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_ENDPOINT, endpoint);
        env.put(ENV_ACCESS_KEY, accessKey);
        env.put(ENV_SECRET_KEY, secretKey);
        env.put(ENV_BUCKET, bucket);
        env.put(ENV_REGION, region);
        return env;
    }

    /** The same store with another bucket. */
    public StorageConfig withBucket(String otherBucket) {
        return new StorageConfig(endpoint, accessKey, secretKey, otherBucket, region);
    }

    @Override
    public String toString() {
        return "StorageConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket
                + ", region=" + region + "]";
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; CycleFleet needs "
                    + ENV_ENDPOINT + ", " + ENV_ACCESS_KEY + " and " + ENV_SECRET_KEY + " to reach S3");
        }
        return value;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("storage " + field + " is required");
        }
    }
}
