package com.cyclefleet.coordinator;

import com.cyclefleet.devstack.FleetInfra;
import com.cyclefleet.storage.StorageConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Real Kafka and S3 for the tests: Testcontainers when Docker answers, the embedded child processes otherwise. */
public class FleetTestResource implements QuarkusTestResourceLifecycleManager {

    private FleetInfra infra;

    @Override
    public Map<String, String> start() {
        infra = FleetInfra.start();
        StorageConfig s3 = infra.storageConfig();
        return Map.of(
                "cyclefleet.kafka.bootstrap", infra.kafkaBootstrap(),
                "cyclefleet.s3.endpoint", s3.endpoint(),
                "cyclefleet.s3.access-key", s3.accessKey(),
                "cyclefleet.s3.secret-key", s3.secretKey(),
                "cyclefleet.s3.bucket", s3.bucket(),
                "cyclefleet.s3.region", s3.region());
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
        }
    }
}
