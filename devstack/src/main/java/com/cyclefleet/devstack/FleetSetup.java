package com.cyclefleet.devstack;

import com.cyclefleet.kafka.TopicInitializer;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageConfig;

/** What every {@link FleetInfra} does once its servers answer: create the topics and the bucket. */
final class FleetSetup {

    private FleetSetup() {
    }

    static void prepare(String kafkaBootstrap, StorageConfig storage) {
        new TopicInitializer(kafkaBootstrap).ensureTopics(Topics.all(), TopicInitializer.SINGLE_NODE_REPLICATION);
        try (ObjectStore store = ObjectStore.connect(storage)) {
            store.ensureBucket();
        }
    }
}
