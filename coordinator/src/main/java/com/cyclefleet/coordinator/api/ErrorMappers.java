package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.domain.Conflict;
import com.cyclefleet.coordinator.domain.DomainException;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.domain.TimedOut;
import com.cyclefleet.coordinator.domain.TooLarge;
import com.cyclefleet.coordinator.domain.Unavailable;
import com.cyclefleet.coordinator.domain.Unprocessable;
import com.cyclefleet.coordinator.kafka.PublishException;
import com.cyclefleet.storage.StorageException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into JSON error bodies with a fitting status. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int UNPROCESSABLE = 422;
    static final int INTERNAL = 500;
    static final int BAD_GATEWAY = 502;
    static final int SERVICE_UNAVAILABLE = 503;
    static final int GATEWAY_TIMEOUT = 504;

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }

    /** The one place that knows which HTTP status each kind of domain refusal is. */
    @ServerExceptionMapper
    public Response domain(DomainException e) {
        return error(statusOf(e), e.getMessage());
    }

    static int statusOf(DomainException e) {
        if (e instanceof InvalidRequest) {
            return BAD_REQUEST;
        } else if (e instanceof NotFound) {
            return NOT_FOUND;
        } else if (e instanceof Conflict) {
            return CONFLICT;
        } else if (e instanceof TooLarge) {
            return PAYLOAD_TOO_LARGE;
        } else if (e instanceof Unprocessable) {
            return UNPROCESSABLE;
        } else if (e instanceof Unavailable) {
            return SERVICE_UNAVAILABLE;
        } else if (e instanceof TimedOut) {
            return GATEWAY_TIMEOUT;
        }
        return INTERNAL;
    }

    @ServerExceptionMapper
    public Response publish(PublishException e) {
        LOG.warn("publish failed", e);
        return error(SERVICE_UNAVAILABLE, "not accepted: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        if (e.kind() == StorageException.Kind.OBJECT_NOT_FOUND) {
            return error(NOT_FOUND, e.getMessage());
        }
        LOG.warn("object store failed", e);
        return error(BAD_GATEWAY, "object store: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return error(BAD_REQUEST, "invalid JSON body: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse() == null ? INTERNAL : e.getResponse().getStatus();
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        // the framework's own messages ("HTTP 404 Not Found") do not say what was asked for
        return error(status, message + ": " + request.getMethod() + " /" + uri.getPath().replaceFirst("^/", ""));
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return error(BAD_REQUEST, e.getMessage());
    }

    /** Before the framework's own mappers for these, which answer plain text or an empty body. */
    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response other(Exception e) {
        LOG.error("request failed", e);
        return error(INTERNAL, "internal error: " + e);
    }

    /**
     * The request that ran out of heap fails with a JSON 503, and the process goes on serving: its memory is freed
     * with the request (the bounded readers keep one request from taking it all in the first place).
     */
    @ServerExceptionMapper
    public Response outOfMemory(OutOfMemoryError e) {
        LOG.error("request ran out of memory", e);
        return error(SERVICE_UNAVAILABLE, "out of memory while serving the request; retry later or "
                + "send less at once");
    }
}
