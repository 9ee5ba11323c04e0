package com.cyclefleet.devstack;

import com.cyclefleet.kafka.TopicInitializer;
import com.cyclefleet.protocol.topic.TopicSpec;
import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A crashed broker (SIGKILL, no controlled shutdown) comes back on its port with its topics. */
class KafkaBrokerKillTest {

    @TempDir
    Path dataDir;

    @Test
    void restartAfterAKillKeepsThePortAndTheTopics() throws Exception {
        KafkaBroker first = KafkaBroker.start(KafkaBrokerConfig.defaults(dataDir));
        KafkaBroker second = null;
        try {
            new TopicInitializer(first.bootstrapServers()).ensureTopics(Topics.all(),
                    TopicInitializer.SINGLE_NODE_REPLICATION);
            first.kill();
            assertFalse(first.isRunning());
            assertEquals(137, first.exitCode().orElseThrow(), "SIGKILL");

            long t0 = System.nanoTime();
            second = first.restart();
            System.out.printf("broker restarted after a kill in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(first.port(), second.port());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    second.bootstrapServers()))) {
                assertTrue(admin.listTopics().names().get().containsAll(
                        Topics.all().stream().map(TopicSpec::name).toList()));
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
