package com.cyclefleet.coordinator.infra;

import com.cyclefleet.coordinator.kafka.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.ArrayList;
import java.util.List;

/**
 * Ready once the event history is replayed, the folder and publisher run, and Kafka and the object store answer
 * (each probe bounded and cached, see {@link DependencyProbes}); the reason is in {@code reason} when not.
 *
 * <p>Live workers are reported ({@code workersAlive}) but do not decide readiness: the coordinator serves reads and
 * accepts jobs and translations without any worker (tasks wait in Kafka), training workers scale from zero on that
 * very lag, and {@code up} waits for this check before it starts the workers. Failing readiness for want of workers
 * would take the coordinator out of service exactly when it is needed to queue the work that brings them.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Fleet fleet;

    @Inject
    DependencyProbes probes;

    @Override
    public HealthCheckResponse call() {
        List<String> reasons = new ArrayList<>();
        if (!fleet.isReady()) {
            reasons.add("state not replayed or its folder stopped");
        }
        BoundedProbe.Result kafka = probes.kafka();
        BoundedProbe.Result store = probes.objectStore();
        if (!kafka.up()) {
            reasons.add(kafka.detail());
        }
        if (!store.up()) {
            reasons.add(store.detail());
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cyclefleet-state")
                .status(reasons.isEmpty())
                .withData("kafka", kafka.detail())
                .withData("objectStore", store.detail())
                .withData("workersAlive", fleet.state().aliveWorkers())
                .withData("recordsApplied", fleet.state().appliedCount())
                .withData("recordsSkipped", fleet.log().map(EventLog::skippedRecords).orElse(0L));
        if (!reasons.isEmpty()) {
            response.withData("reason", String.join("; ", reasons));
        }
        return response.build();
    }
}
