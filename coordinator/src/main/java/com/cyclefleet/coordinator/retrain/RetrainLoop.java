package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.infra.Fleet;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs data arrival and retraining once the state is replayed: the bucket watcher, the policy check, the
 * evaluation gate and the automatic rollback's check on one thread every {@code cyclefleet.retrain.watch-interval}
 * (so a trigger never races
 * another), and the MinIO notification consumer when enabled.
 */
@ApplicationScoped
public class RetrainLoop {

    private static final Logger LOG = Logger.getLogger(RetrainLoop.class);
    /** Observer priority: after the fleet's start-up (priority 10), which replays the state this reads. */
    private static final int AFTER_FLEET = 30;

    @Inject
    Fleet fleet;

    @Inject
    BucketWatcher watcher;

    @Inject
    RetrainTrigger trigger;

    @Inject
    DataArrival arrival;

    @Inject
    AutoRollback rollback;

    @Inject
    EvaluationGate gate;

    @Inject
    RetrainConfig config;

    @Inject
    CoordinatorConfig coordinator;

    @Inject
    ObjectMapper mapper;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cyclefleet-retrain");
        t.setDaemon(true);
        return t;
    });
    private BucketNotifications notifications;
    private String lastFailure;

    void onStart(@Observes @Priority(AFTER_FLEET) StartupEvent event) {
        long every = config.watchInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        if (config.notifications().enabled()) {
            notifications = new BucketNotifications(fleet, arrival, mapper, coordinator, config.notifications())
                    .start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
        if (notifications != null) {
            notifications.close();
        }
    }

    /**
     * One pass: list the bucket, then start, evaluate and decide what is due. Failures are logged and retried on the
     * next pass.
     */
    void tick() {
        if (!fleet.isReady()) {
            return;
        }
        try {
            watcher.scan();
            trigger.check();
            gate.check();
            rollback.check();
            lastFailure = null;
        } catch (RuntimeException e) {
            // an S3 or Kafka outage fails every pass alike: log when the reason changes
            String reason = e.toString();
            if (!reason.equals(lastFailure)) {
                LOG.warnf("retrain pass failed, retrying every %s: %s", config.watchInterval(), reason);
            }
            lastFailure = reason;
        }
    }
}
