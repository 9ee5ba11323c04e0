package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.ModelService;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.protocol.Direction;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/** One call back to what served a dataset before its current default (after a bad promotion, say). */
@Path("/datasets/{name}/rollback")
@Produces(MediaType.APPLICATION_JSON)
public class RollbackResource {

    private static final Logger LOG = Logger.getLogger(RollbackResource.class);

    @Inject
    Fleet fleet;

    @Inject
    ModelService models;

    @POST
    @Operation(summary = "Promote the previous default again, for one direction or (by default) every direction that "
            + "has one; publishes ModelPromoted")
    public List<PromotionView> rollback(@PathParam("name") String dataset, @QueryParam("direction") String direction) {
        List<Direction> directions;
        try {
            directions = direction == null ? List.of(Direction.values()) : List.of(Direction.fromWireName(direction));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
        boolean any = false;
        for (Direction d : directions) {
            Optional<RetrainState.Serving> previous = fleet.state().retraining().previousDefault(dataset, d);
            if (previous.isEmpty()) {
                continue;
            }
            any = true;
            Optional<PromotionView> current = fleet.state().defaultFor(dataset, d);
            models.promote(previous.get().modelId(), previous.get().version(), dataset, List.of(d));
            LOG.infof("rollback of dataset %s %s: %s back to %s v%d", dataset, d.wireName(),
                    current.map(c -> c.modelId() + " v" + c.version()).orElse("nothing"), previous.get().modelId(),
                    previous.get().version());
        }
        if (!any) {
            throw new NotFound("dataset '" + dataset + "' has no previous default to roll back to"
                    + (direction == null ? "" : " for " + direction));
        }
        return fleet.state().defaults().stream().filter(p -> p.dataset().equals(dataset)).toList();
    }
}
