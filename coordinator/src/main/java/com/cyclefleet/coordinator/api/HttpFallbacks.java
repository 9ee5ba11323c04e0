package com.cyclefleet.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A JSON answer for a body declared larger than Vert.x accepts: its own check runs before any resource and answers
 * an empty 413. Everything that reaches the REST layer (unknown paths included) goes through the exception mappers.
 */
@ApplicationScoped
public class HttpFallbacks {

    /** Vert.x's body-size route runs at order -2; this one must answer before it. */
    private static final int BEFORE_BODY_LIMIT = -3;
    private static final int PAYLOAD_TOO_LARGE = 413;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(BEFORE_BODY_LIMIT).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parse(length) > limit) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                answer(ctx, PAYLOAD_TOO_LARGE, "the request body is " + length + " bytes, over the server's limit of "
                        + limit + " bytes (quarkus.http.limits.max-body-size)");
            } else {
                ctx.next();
            }
        });
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            // not a length: let Vert.x reject it as it does any malformed header
            return -1;
        }
    }

    private void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(new ErrorBody(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ErrorBody always serialises", e);
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .end(body);
    }
}
