package com.cyclefleet.protocol;

/**
 * Anything that travels over a CycleFleet topic: a {@link Task} for a worker, an {@link Event} about something
 * that happened, or a {@link WorkerHeartbeat} saying a worker is alive.
 *
 * <p>The hierarchy is sealed so that the codec's type registry can be derived from it: every leaf record carries a
 * {@link com.fasterxml.jackson.annotation.JsonTypeName} that is its name on the wire. Renaming a Java record
 * does not change the wire name; changing a {@code @JsonTypeName} does, and needs a new protocol version.
 */
public sealed interface Message permits Task, Event, WorkerHeartbeat, ScalingDecision {

    /**
     * The Kafka record key for this message. Records with the same key land on the same partition, so they are
     * consumed in order by one consumer: see {@link com.cyclefleet.protocol.topic.Topics} for the rule.
     */
    String partitionKey();
}
