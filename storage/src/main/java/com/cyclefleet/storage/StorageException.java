package com.cyclefleet.storage;

/** An object-store operation failed; the message says which bucket, key or endpoint and why. */
public class StorageException extends RuntimeException {

    /** What kind of failure, so callers can map it (for example to HTTP 404) without parsing the message. */
    public enum Kind {
        /** The configured bucket does not exist. */
        BUCKET_NOT_FOUND,
        /** The bucket exists but the key does not. */
        OBJECT_NOT_FOUND,
        /** Nothing answered at the endpoint. */
        UNREACHABLE,
        /** The exchange broke off part way, or the server answered that it cannot serve now (5xx, SlowDown). */
        UNAVAILABLE,
        /** The server refused the credentials or the request's signature. */
        ACCESS_DENIED,
        /** Anything else. */
        FAILED
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the same request may succeed later: retry it rather than fail the work it belongs to. */
    public boolean isTransient() {
        return kind == Kind.UNREACHABLE || kind == Kind.UNAVAILABLE;
    }
}
