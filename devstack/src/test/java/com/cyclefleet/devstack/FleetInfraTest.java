package com.cyclefleet.devstack;

import com.cyclefleet.protocol.topic.TopicSpec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetInfraTest {

    @Test
    void startsEmbeddedServersWithTopicsAndBucketWhenNoDockerAnswers() throws Exception {
        EmbeddedFleet embedded;
        try (FleetInfra infra = FleetInfra.start()) {
            // this machine has no Docker daemon; where one answers, the container branch is taken instead
            embedded = assertInstanceOf(EmbeddedFleet.class, infra);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
                assertTrue(admin.listTopics().names().get()
                        .containsAll(Topics.all().stream().map(TopicSpec::name).toList()));
            }
            try (ObjectStore store = ObjectStore.connect(infra.storageConfig())) {
                assertTrue(store.bucketExists());
            }
        }
        assertFalse(embedded.broker().isRunning());
        assertFalse(embedded.s3().isRunning());
        assertFalse(Files.exists(embedded.dataDir()), "temporary data is deleted on close");
    }
}
