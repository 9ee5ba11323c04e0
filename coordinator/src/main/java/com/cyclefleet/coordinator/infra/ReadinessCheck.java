package com.cyclefleet.coordinator.infra;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the event history is replayed and the folder and publisher run. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Fleet fleet;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cyclefleet-state")
                .status(fleet.isReady())
                .withData("recordsApplied", fleet.state().appliedCount())
                .withData("recordsSkipped", fleet.folder().map(f -> f.skippedRecords()).orElse(0L))
                .build();
    }
}
