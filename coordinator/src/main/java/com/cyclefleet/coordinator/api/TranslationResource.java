package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.TranslationService;
import com.cyclefleet.coordinator.service.TranslationService.Target;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.coordinator.state.TranslationState;
import com.cyclefleet.coordinator.state.Views.BatchView;
import com.cyclefleet.coordinator.state.Views.TranslationView;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

@Path("/translations")
@Tag(name = "translations")
public class TranslationResource {

    private static final String IMAGE_LIMIT = "cyclefleet.uploads.max-image-bytes";
    private static final String PNG = "image/png";
    private static final String REQUEST_ID_HEADER = "X-Request-Id";

    @Inject
    TranslationService translations;

    @Inject
    CoordinatorConfig config;

    @Inject
    Fleet fleet;

    /** Answer of an asynchronous submission. */
    public record Accepted(String requestId, TranslationState.Status status, Target target, String statusUrl,
                           String resultUrl, String eventsUrl) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({PNG, MediaType.APPLICATION_JSON})
    @Operation(summary = "Translate an image synchronously (multipart field 'image'); answers the translated PNG")
    public Response translateMultipart(@RestForm("image") FileUpload image, @RestQuery("model") String model,
                                       @RestQuery("version") Integer version, @RestQuery("dataset") String dataset,
                                       @RestQuery("direction") String direction) {
        return sync(multipartImage(image), model, version, dataset, direction);
    }

    @POST
    @Consumes({PNG, "image/jpeg", "image/gif", "image/bmp", MediaType.APPLICATION_OCTET_STREAM})
    @Produces({PNG, MediaType.APPLICATION_JSON})
    @Operation(summary = "Translate an image synchronously (raw image body); answers the translated PNG")
    public Response translateRaw(InputStream body, @RestQuery("model") String model,
                                 @RestQuery("version") Integer version, @RestQuery("dataset") String dataset,
                                 @RestQuery("direction") String direction) {
        return sync(rawImage(body), model, version, dataset, direction);
    }

    @POST
    @Path("/async")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an image (multipart field 'image') for translation; answers its request id")
    public Response submitMultipart(@RestForm("image") FileUpload image, @RestQuery("model") String model,
                                    @RestQuery("version") Integer version, @RestQuery("dataset") String dataset,
                                    @RestQuery("direction") String direction) {
        return async(multipartImage(image), model, version, dataset, direction);
    }

    @POST
    @Path("/async")
    @Consumes({PNG, "image/jpeg", "image/gif", "image/bmp", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an image (raw body) for translation; answers its request id")
    public Response submitRaw(InputStream body, @RestQuery("model") String model,
                              @RestQuery("version") Integer version, @RestQuery("dataset") String dataset,
                              @RestQuery("direction") String direction) {
        return async(rawImage(body), model, version, dataset, direction);
    }

    @GET
    @Path("/{requestId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status of a translation")
    public TranslationView status(@PathParam("requestId") String requestId) {
        return translations.get(requestId);
    }

    @GET
    @Path("/{requestId}/result")
    @Produces({PNG, MediaType.APPLICATION_JSON})
    @Operation(summary = "The translated PNG (409 while pending, 422 when failed)")
    public Response result(@PathParam("requestId") String requestId) {
        return Response.ok(translations.result(requestId), PNG).header(REQUEST_ID_HEADER, requestId).build();
    }

    @GET
    @Path("/{requestId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events of a translation's status until it is done or failed")
    public Multi<OutboundSseEvent> events(@PathParam("requestId") String requestId, @Context Sse sse) {
        translations.get(requestId);
        Supplier<List<EventStreams.Item>> history = () -> List.of(item(translations.get(requestId)));
        return EventStreams.stream(fleet, sse, config.sse().keepAlive(), history, applied -> {
            String id = applied.message() instanceof TranslationDone d ? d.requestId()
                    : applied.message() instanceof TranslationFailed f ? f.requestId()
                    : applied.message() instanceof TranslateTask t ? t.requestId() : null;
            return requestId.equals(id) ? translations.find(requestId).map(TranslationResource::item).orElse(null) : null;
        }, i -> !TranslationState.Status.PENDING.name().equals(i.name()));
    }

    private static EventStreams.Item item(TranslationView view) {
        return new EventStreams.Item(view.status().name(), view.requestId() + ":" + view.status(), view);
    }

    @POST
    @Path("/batches")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Translate every image under a bucket prefix into an output prefix")
    public Response batch(TranslationService.BatchRequest request) {
        return Response.accepted(translations.batch(request)).build();
    }

    @GET
    @Path("/batches/{batchId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress of a batch translation")
    public BatchView batchStatus(@PathParam("batchId") String batchId) {
        return translations.batchStatus(batchId);
    }

    private Response sync(NamedBytes image, String model, Integer version, String dataset, String direction) {
        Target target = translations.resolve(model, version, dataset, direction);
        TranslationService.Result result = translations.translate(image.bytes(), image.name(), target);
        return Response.ok(result.png(), PNG).header(REQUEST_ID_HEADER, result.requestId()).build();
    }

    private Response async(NamedBytes image, String model, Integer version, String dataset, String direction) {
        Target target = translations.resolve(model, version, dataset, direction);
        String id = translations.submit(image.bytes(), image.name(), target);
        String base = "/translations/" + id;
        return Response.accepted(new Accepted(id, TranslationState.Status.PENDING, target, base, base + "/result",
                base + "/events")).header(REQUEST_ID_HEADER, id).build();
    }

    private NamedBytes multipartImage(FileUpload image) {
        if (image == null) {
            throw new InvalidRequest("multipart field 'image' is required");
        }
        return Bodies.file(image, config.uploads().maxImageBytes(), IMAGE_LIMIT);
    }

    private NamedBytes rawImage(InputStream body) {
        return new NamedBytes("request body", Bodies.body(body, config.uploads().maxImageBytes(), "the image",
                IMAGE_LIMIT));
    }
}
