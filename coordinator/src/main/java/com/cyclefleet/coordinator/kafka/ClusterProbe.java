package com.cyclefleet.coordinator.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the Kafka cluster, now, how many brokers answer: the readiness check's view of Kafka. */
public final class ClusterProbe implements AutoCloseable {

    private final String bootstrap;
    private final Duration timeout;
    private final Admin admin;

    public ClusterProbe(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "cyclefleet-coordinator-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
    }

    /** @return what answered, e.g. "up (1 broker(s) at host:9092)" */
    public String describe() throws InterruptedException, ExecutionException, TimeoutException {
        int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(Math.toIntExact(timeout.toMillis())))
                .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        return "up (" + nodes + " broker(s) at " + bootstrap + ")";
    }

    @Override
    public void close() {
        admin.close(timeout);
    }
}
