package com.cyclefleet.coordinator.api;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.Views.WorkerView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/fleet/workers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "fleet")
public class WorkerResource {

    @Inject
    Fleet fleet;

    @GET
    @Operation(summary = "Workers seen in the heartbeats: roles, current task, last heartbeat, alive (within the "
            + "heartbeat timeout)")
    public List<WorkerView> list() {
        return fleet.state().workers();
    }
}
