package com.cyclefleet.coordinator.kafka;

import com.cyclefleet.protocol.Message;

import java.util.Map;

/**
 * A message to publish, with optional extra payload fields. The protocol's codec ignores payload fields it does not
 * know (allowed within a protocol version), so the coordinator can carry facts it needs to rebuild its own state
 * (for example a job's model id) without other services noticing. Each extra is documented where it is written.
 *
 * @param message the protocol message
 * @param extras  additional payload fields (JSON-friendly values), possibly empty
 */
public record Outgoing(Message message, Map<String, Object> extras) {

    public Outgoing {
        extras = Map.copyOf(extras);
    }

    public static Outgoing of(Message message) {
        return new Outgoing(message, Map.of());
    }

    public static Outgoing of(Message message, Map<String, Object> extras) {
        return new Outgoing(message, extras);
    }
}
