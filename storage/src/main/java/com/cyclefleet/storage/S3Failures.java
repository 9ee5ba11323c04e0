package com.cyclefleet.storage;

import io.minio.errors.ErrorResponseException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

/** Turns the MinIO client's many checked exceptions into a {@link StorageException} that names what failed. */
final class S3Failures {

    private static final String NO_SUCH_BUCKET = "NoSuchBucket";
    private static final Set<String> NO_SUCH_OBJECT = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");
    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch");

    private final String endpoint;
    private final String bucket;
    private final String accessKey;

    S3Failures(StorageConfig config) {
        this.endpoint = config.endpoint();
        this.bucket = config.bucket();
        this.accessKey = config.accessKey();
    }

    /** True when the server said the object (or, for HEAD requests, possibly its bucket) does not exist. */
    static boolean isNoSuchObject(Exception e) {
        return e instanceof ErrorResponseException response && NO_SUCH_OBJECT.contains(code(response));
    }

    StorageException bucketNotFound(Exception cause) {
        return new StorageException(StorageException.Kind.BUCKET_NOT_FOUND,
                "bucket '" + bucket + "' does not exist at " + endpoint, cause);
    }

    StorageException objectNotFound(String key, Exception cause) {
        return new StorageException(StorageException.Kind.OBJECT_NOT_FOUND,
                "object '" + key + "' not found in bucket '" + bucket + "'", cause);
    }

    /**
     * Translates a failure of {@code operation} on {@code key} (null for bucket-level operations).
     */
    StorageException translate(String operation, String key, Exception e) {
        if (e instanceof ErrorResponseException response) {
            String code = code(response);
            if (NO_SUCH_BUCKET.equals(code)) {
                return bucketNotFound(e);
            }
            if (NO_SUCH_OBJECT.contains(code) && key != null) {
                return objectNotFound(key, e);
            }
            if (DENIED.contains(code)) {
                return new StorageException(StorageException.Kind.ACCESS_DENIED, "S3 at " + endpoint
                        + " refused " + operation + " for access key '" + accessKey + "': " + code, e);
            }
            return failed(operation, key, code + ": " + response.errorResponse().message(), e);
        }
        if (isUnreachable(e)) {
            return new StorageException(StorageException.Kind.UNREACHABLE,
                    "S3 endpoint " + endpoint + " unreachable (" + e + ")", e);
        }
        return failed(operation, key, String.valueOf(e), e);
    }

    private StorageException failed(String operation, String key, String detail, Exception e) {
        String target = key == null ? "bucket '" + bucket + "'" : "'" + key + "' in bucket '" + bucket + "'";
        return new StorageException(StorageException.Kind.FAILED,
                "S3 " + operation + " of " + target + " at " + endpoint + " failed: " + detail, e);
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String code(ErrorResponseException response) {
        return response.errorResponse() == null ? "" : response.errorResponse().code();
    }
}
