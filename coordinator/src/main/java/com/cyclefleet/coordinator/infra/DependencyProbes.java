package com.cyclefleet.coordinator.infra;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    private Admin admin;
    private BoundedProbe kafka;
    private BoundedProbe objectStore;

    @PostConstruct
    void init() {
        Duration timeout = config.readiness().probeTimeout();
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "cyclefleet-coordinator-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        Clock clock = Clock.systemUTC();
        kafka = new BoundedProbe("Kafka", () -> {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return "up (" + nodes + " broker(s) at " + config.kafka().bootstrap() + ")";
        }, timeout, config.readiness().cacheFor(), clock);
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
        admin.close(config.readiness().probeTimeout());
    }

    public BoundedProbe.Result kafka() {
        return kafka.result();
    }

    public BoundedProbe.Result objectStore() {
        return objectStore.result();
    }
}
