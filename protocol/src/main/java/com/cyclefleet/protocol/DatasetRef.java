package com.cyclefleet.protocol;

/**
 * Where a dataset's two domains live in object storage.
 *
 * @param bucket  the bucket holding both domains
 * @param prefixA key prefix of domain A's images (for example {@code datasets/horse2zebra/A/})
 * @param prefixB key prefix of domain B's images
 */
public record DatasetRef(String bucket, String prefixA, String prefixB) {

    public DatasetRef {
        Require.text(bucket, "bucket");
        Require.text(prefixA, "prefixA");
        Require.text(prefixB, "prefixB");
    }
}
