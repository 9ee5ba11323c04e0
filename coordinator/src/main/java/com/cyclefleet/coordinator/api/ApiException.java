package com.cyclefleet.coordinator.api;

/**
 * A request that cannot be served, with the HTTP status and the message for the {"error": ...} body. Left only for
 * {@code service.WeightsImport}, whose owner converts it to the domain exceptions; delete this class with that.
 */
public class ApiException extends RuntimeException {

    public static final int BAD_REQUEST = ErrorMappers.BAD_REQUEST;
    public static final int UNPROCESSABLE = ErrorMappers.UNPROCESSABLE;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(BAD_REQUEST, message);
    }
}
