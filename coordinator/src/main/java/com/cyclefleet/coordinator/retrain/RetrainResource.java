package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.protocol.RetrainPolicySet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A dataset's retraining policy and what it has done. */
@Path("/datasets/{name}/retraining")
@Produces(MediaType.APPLICATION_JSON)
public class RetrainResource {

    @Inject
    Fleet fleet;

    @Inject
    RetrainConfig config;

    @Inject
    RetrainTrigger trigger;

    @Inject
    ObjectMapper mapper;

    @Inject
    DataArrival arrival;

    @Inject
    BucketWatcher watcher;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the dataset's retraining policy (replaces the previous one); publishes RetrainPolicySet")
    @RequestBody(content = @Content(schema = @Schema(implementation = PolicyRequest.class)))
    public RetrainView set(@PathParam("name") String name, JsonNode body) {
        PolicyRequest request = PolicyCheck.parse(body, mapper);
        long fewest = fleet.state().dataset(name).map(d -> d.domains().values()).map(RetrainResource::fewest)
                .orElse(0L);
        RetrainPolicySet policy = PolicyCheck.check(name, request, config.defaults(), fleet.store(), fewest,
                watcher.domainPrefixes(name));
        // images already in the bucket are the baseline, not new data: folded before the policy, they do not count
        arrival.offer(watcher.unseen(name), "policy baseline", List.of(policy));
        return get(name);
    }

    @GET
    @Operation(summary = "The policy, the images pending since the last retrain, and the retrains started")
    public RetrainView get(@PathParam("name") String name) {
        RetrainState.DatasetRetraining d = fleet.state().retraining().dataset(name).filter(r -> r.policy() != null)
                .orElseThrow(() -> new NotFound("dataset '" + name + "' has no retraining policy; PUT one first"));
        Optional<RetrainState.Retrain> decided = d.lastDecided();
        return new RetrainView(name, d.policy(), d.policySetAt(), d.pendingImages(), d.lastArrivalAt(),
                d.retrains().stream().map(this::run).toList(), trigger.refusal(name).orElse(null),
                decided.map(RetrainState.Retrain::decision).orElse(null),
                decided.map(RetrainState.Retrain::decidedAt).orElse(null));
    }

    private RetrainView.RetrainRun run(RetrainState.Retrain r) {
        String status = r.evaluation() == null ? null
                : r.done() != null ? "DONE" : r.failed() != null ? "FAILED" : "REQUESTED";
        return new RetrainView.RetrainRun(r.started().retrainId(), r.started().jobId(), r.started().modelId(),
                r.started().fromVersion(), r.started().newImages(), r.startedAt(),
                fleet.state().job(r.started().jobId()).map(j -> j.status()).orElse(null),
                r.evaluation() == null ? null : r.evaluation().evaluationId(), status, r.decision());
    }

    private static long fewest(Collection<DomainView> domains) {
        return domains.size() < 2 ? 0 : domains.stream().mapToLong(DomainView::count).min().orElse(0);
    }
}
