package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.JobRequest;
import com.cyclefleet.coordinator.service.JobRequestCheck;
import com.cyclefleet.coordinator.service.JobService;
import com.cyclefleet.coordinator.service.ModelService;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.protocol.JobCancelled;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.codec.MessageTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobResource {

    /** Events after which a job's stream ends. */
    private static final Set<String> TERMINAL = Set.of(MessageTypes.nameOf(JobDone.class),
            MessageTypes.nameOf(JobCancelled.class));

    @Inject
    JobService jobs;

    @Inject
    ModelService models;

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a training job: publishes JobAccepted and its first chunk task in one transaction")
    @RequestBody(content = @Content(schema = @Schema(implementation = JobRequest.class)))
    public Response create(JsonNode body) {
        // read strictly here, not by the framework's lenient mapper: an unknown key is a 400, not a default
        JobRequest request = JobRequestCheck.parse(body, mapper);
        return Response.status(Response.Status.CREATED).entity(jobs.create(request)).build();
    }

    @GET
    @Operation(summary = "List jobs")
    public List<JobView> list() {
        return jobs.list();
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "A job: status, iteration, epoch, latest losses, checkpoints, loss history, sample URLs")
    public JobService.JobDetail get(@PathParam("jobId") String jobId) {
        return jobs.detail(jobId);
    }

    @GET
    @Path("/{jobId}/loss-history")
    @Operation(summary = "The job's loss history (jobs/{jobId}/loss-history.jsonl as a JSON array)")
    public List<JsonNode> lossHistory(@PathParam("jobId") String jobId) {
        return jobs.lossHistory(jobId);
    }

    @POST
    @Path("/{jobId}/cancel")
    @Operation(summary = "Cancel: writes jobs/{jobId}/cancelled and publishes JobCancelled")
    public JobView cancel(@PathParam("jobId") String jobId) {
        return jobs.cancel(jobId);
    }

    @POST
    @Path("/{jobId}/resume")
    @Operation(summary = "Resume a FAILED job from its latest checkpoint")
    public JobView resume(@PathParam("jobId") String jobId) {
        return jobs.resume(jobId);
    }

    @POST
    @Path("/{jobId}/checkpoints/{iteration}/model-version")
    @Operation(summary = "Make a model version of one checkpoint (default model id: the job's)")
    public Response checkpointVersion(@PathParam("jobId") String jobId, @PathParam("iteration") long iteration,
                                      @RestQuery("modelId") String modelId) {
        ModelVersionView v = models.createFromCheckpoint(jobId, iteration, modelId);
        return Response.status(Response.Status.CREATED).entity(v).build();
    }

    @GET
    @Path("/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events of the job: its history, then live events until done or cancelled")
    public Multi<OutboundSseEvent> events(@PathParam("jobId") String jobId, @Context Sse sse) {
        jobs.get(jobId);
        Supplier<List<EventStreams.Item>> history = () -> fleet.state().jobEvents(jobId).stream()
                .map(e -> new EventStreams.Item(e.type(), e.id(), e.payload())).toList();
        return EventStreams.stream(fleet, sse, config.sse().keepAlive(), history, applied -> {
            String id = applied.envelope().id();
            return fleet.state().jobEvents(jobId).stream().filter(e -> e.id().equals(id)).findFirst()
                    .map(e -> new EventStreams.Item(e.type(), e.id(), e.payload())).orElse(null);
        }, item -> TERMINAL.contains(item.name()));
    }
}
