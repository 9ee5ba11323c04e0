package com.cyclefleet.protocol.codec;

import com.cyclefleet.protocol.Message;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The JSON wrapper every message travels in:
 * <pre>{"type":"ChunkDone","version":1,"id":"&lt;uuid&gt;","timestamp":"2026-01-01T00:00:00Z","payload":{...}}</pre>
 *
 * @param type      the payload's wire type name (its {@code @JsonTypeName})
 * @param version   protocol version of the payload's schema
 * @param id        random UUID of this message; consumers use it to recognise a redelivered message
 * @param timestamp when the message was created
 * @param payload   the message
 */
public record Envelope(String type, int version, String id, Instant timestamp, Message payload) {

    /** The only protocol version this build writes and reads. */
    public static final int CURRENT_VERSION = 1;

    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
    }

    /** Wraps a message in a new current-version envelope with a fresh id. */
    public static Envelope wrap(Message payload, Instant timestamp) {
        return new Envelope(MessageTypes.nameOf(payload), CURRENT_VERSION, UUID.randomUUID().toString(),
                timestamp, payload);
    }
}
