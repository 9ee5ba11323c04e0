package com.cyclefleet.protocol.topic;

import java.util.Map;

/**
 * One Kafka topic as CycleFleet needs it.
 *
 * @param name       topic name
 * @param partitions partition count; bounds how many consumers of one group work in parallel
 * @param configs    topic-level configs that differ from the broker defaults
 * @param keyedBy    what the record key is, for humans and manifests
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String keyedBy) {

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name is required");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition");
        }
        configs = Map.copyOf(configs);
    }
}
