package com.cyclefleet.coordinator.infra;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.kafka.ClusterProbe;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;

/**
 * Whether Kafka and the object store answer now, for readiness. The state consumer and the publisher retry on their
 * own and say nothing while the broker is away (requests then wait for the publish timeout); these probes make the
 * outage visible at once.
 */
@ApplicationScoped
public class DependencyProbes {

    @Inject
    CoordinatorConfig config;

    @Inject
    Fleet fleet;

    private ClusterProbe cluster;
    private BoundedProbe kafka;
    private BoundedProbe objectStore;

    @PostConstruct
    void init() {
        Duration timeout = config.readiness().probeTimeout();
        cluster = new ClusterProbe(config.kafka().bootstrap(), timeout);
        Clock clock = Clock.systemUTC();
        kafka = new BoundedProbe("Kafka", cluster::describe, timeout, config.readiness().cacheFor(), clock);
        objectStore = new BoundedProbe("object store", () -> {
            if (fleet.store() == null) {
                throw new IllegalStateException("not connected yet");
            }
            if (!fleet.store().bucketExists()) {
                throw new IllegalStateException("bucket " + fleet.store().bucket() + " does not exist");
            }
            return "up (bucket " + fleet.store().bucket() + " at " + config.s3().endpoint() + ")";
        }, timeout, config.readiness().cacheFor(), clock);
    }

    void onStop(@Observes ShutdownEvent event) {
        kafka.close();
        objectStore.close();
        cluster.close();
    }

    public BoundedProbe.Result kafka() {
        return kafka.result();
    }

    public BoundedProbe.Result objectStore() {
        return objectStore.result();
    }
}
