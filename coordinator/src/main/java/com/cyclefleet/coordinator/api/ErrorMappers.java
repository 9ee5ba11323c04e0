package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.kafka.PublishException;
import com.cyclefleet.storage.StorageException;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into JSON error bodies with a fitting status. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final int BAD_GATEWAY = 502;
    private static final int INTERNAL = 500;

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response publish(PublishException e) {
        LOG.warn("publish failed", e);
        return error(ApiException.SERVICE_UNAVAILABLE, "not accepted: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        if (e.kind() == StorageException.Kind.OBJECT_NOT_FOUND) {
            return error(ApiException.NOT_FOUND, e.getMessage());
        }
        LOG.warn("object store failed", e);
        return error(BAD_GATEWAY, "object store: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return error(ApiException.BAD_REQUEST, "invalid JSON body: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse() == null ? INTERNAL : e.getResponse().getStatus();
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        return error(status, message);
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return error(ApiException.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response other(RuntimeException e) {
        LOG.error("request failed", e);
        return error(INTERNAL, "internal error: " + e);
    }
}
