package com.cyclefleet.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures a worker may retry (transient) and which fail the work for good. */
class S3FailuresTest {

    private final S3Failures failures = new S3Failures(
            new StorageConfig("http://127.0.0.1:9000", "access", "secret", "bucket", "us-east-1"));

    @Test
    void connectionFailuresAreUnreachable() {
        StorageException e = failures.translate("get", "k", new ConnectException("Connection refused"));
        assertEquals(StorageException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.isTransient());
    }

    @Test
    void anExchangeThatBrokeOffIsUnavailable() {
        for (Exception cause : new Exception[]{new IOException("unexpected end of stream"),
                new SocketException("Connection reset"), new IllegalStateException(new EOFException())}) {
            StorageException e = failures.translate("put", "k", cause);
            assertEquals(StorageException.Kind.UNAVAILABLE, e.kind(), cause.toString());
            assertTrue(e.isTransient());
            assertTrue(e.getMessage().contains("S3 put of 'k' in bucket 'bucket'"), e.getMessage());
        }
    }

    @Test
    void serverErrorsAndSlowDownAreUnavailable() {
        assertEquals(StorageException.Kind.UNAVAILABLE,
                failures.translate("get", "k", new ServerException("HTTP 503", 503, "trace")).kind());
        assertEquals(StorageException.Kind.UNAVAILABLE, kind(response("SlowDown", 503)));
        assertEquals(StorageException.Kind.UNAVAILABLE, kind(response("Whatever", 500)));
    }

    @Test
    void answersAboutTheRequestItselfAreFinal() {
        assertEquals(StorageException.Kind.OBJECT_NOT_FOUND, kind(response("NoSuchKey", 404)));
        assertEquals(StorageException.Kind.BUCKET_NOT_FOUND, kind(response("NoSuchBucket", 404)));
        assertEquals(StorageException.Kind.ACCESS_DENIED, kind(response("AccessDenied", 403)));
        StorageException bad = failures.translate("put", "k", response("EntityTooLarge", 400));
        assertEquals(StorageException.Kind.FAILED, bad.kind());
        assertFalse(bad.isTransient());
        assertFalse(failures.translate("get", "k", new IllegalArgumentException("bad key")).isTransient());
    }

    private StorageException.Kind kind(Exception e) {
        return failures.translate("get", "k", e).kind();
    }

    private static ErrorResponseException response(String code, int status) {
        Request request = new Request.Builder().url("http://127.0.0.1:9000/bucket/k").build();
        Response http = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(status).message(code)
                .build();
        return new ErrorResponseException(new ErrorResponse(code, code + " message", "bucket", "k", "/bucket/k", "req",
                "host"), http, "trace");
    }
}
