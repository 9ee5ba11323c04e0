package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.ScalingState.ScalingView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/fleet/scaling")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "fleet")
public class ScalingResource {

    @Inject
    Fleet fleet;

    @GET
    @Operation(summary = "The autoscaler's decisions (cyclefleet up --autoscale): each pool's size after its latest "
            + "decision, and the 50 most recent decisions with the consumer lag that caused them, newest first")
    public ScalingView scaling() {
        return fleet.state().scaling().view();
    }
}
