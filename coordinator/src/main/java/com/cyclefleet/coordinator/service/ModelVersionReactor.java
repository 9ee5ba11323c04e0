package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.protocol.JobDone;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns every finished job into a model version. Live JobDone events are handled as they arrive; at start, after
 * the replay, every finished job still without its version (the coordinator stopped in between) is handled too.
 * Creation is idempotent, so a job is never versioned twice.
 */
@ApplicationScoped
public class ModelVersionReactor {

    private static final Logger LOG = Logger.getLogger(ModelVersionReactor.class);

    @Inject
    Fleet fleet;

    @Inject
    ModelService models;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cyclefleet-model-versions");
        t.setDaemon(true);
        return t;
    });

    void onStart(@Observes @Priority(TranslationService.AFTER_FLEET) StartupEvent event) {
        fleet.state().addListener(this::onApplied);
        for (String jobId : fleet.state().doneJobsWithoutFinalVersion()) {
            executor.submit(() -> create(jobId));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    private void onApplied(FleetState.Applied applied) {
        if (applied.message() instanceof JobDone done) {
            executor.submit(() -> create(done.jobId()));
        }
    }

    private void create(String jobId) {
        try {
            models.createFinalVersion(jobId).ifPresent(v -> LOG.infof("job %s finished: model %s v%d at %s", jobId,
                    v.modelId(), v.version(), v.key()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not create the model version of finished job %s (retried at the next start)", jobId);
        }
    }
}
