package com.cyclefleet.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;

import java.io.IOException;
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
    /** Error codes that mean "not now" rather than "never" (S3 sends most of them with a 5xx status). */
    private static final Set<String> BUSY = Set.of("SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout");
    private static final int FIRST_SERVER_ERROR = 500;

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
            String detail = code + ": " + response.errorResponse().message();
            if (BUSY.contains(code) || (response.response() != null
                    && response.response().code() >= FIRST_SERVER_ERROR)) {
                return unavailable(operation, key, detail, e);
            }
            return failed(operation, key, detail, e);
        }
        if (isUnreachable(e)) {
            return new StorageException(StorageException.Kind.UNREACHABLE,
                    "S3 endpoint " + endpoint + " unreachable (" + e + ")", e);
        }
        if (e instanceof ServerException || brokeOff(e)) {
            return unavailable(operation, key, String.valueOf(e), e);
        }
        return failed(operation, key, String.valueOf(e), e);
    }

    private StorageException failed(String operation, String key, String detail, Exception e) {
        return new StorageException(StorageException.Kind.FAILED, describe(operation, key, detail), e);
    }

    private StorageException unavailable(String operation, String key, String detail, Exception e) {
        return new StorageException(StorageException.Kind.UNAVAILABLE, describe(operation, key, detail), e);
    }

    private String describe(String operation, String key, String detail) {
        String target = key == null ? "bucket '" + bucket + "'" : "'" + key + "' in bucket '" + bucket + "'";
        return "S3 " + operation + " of " + target + " at " + endpoint + " failed: " + detail;
    }

    /** An I/O failure after the connection was made: reset, closed early, or the response cut short. */
    private static boolean brokeOff(Throwable e) {
        return causedBy(e, IOException.class);
    }

    private static boolean isUnreachable(Throwable e) {
        return causedBy(e, ConnectException.class, UnknownHostException.class, NoRouteToHostException.class,
                SocketTimeoutException.class);
    }

    /** True when the exception or one of its causes is of one of these types. */
    private static boolean causedBy(Throwable e, Class<?>... types) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<?> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String code(ErrorResponseException response) {
        return response.errorResponse() == null ? "" : response.errorResponse().code();
    }
}
