package com.cyclefleet.coordinator.kafka;

import com.cyclefleet.protocol.codec.Envelope;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The protocol codec plus the coordinator's extra payload fields (see {@link Outgoing}). Thread-safe. */
public final class WireFormat {

    private static final String PAYLOAD = "payload";

    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    /** A decoded record: the envelope and the whole payload as JSON (for extra fields and event streams). */
    public record Decoded(Envelope envelope, JsonNode payloadJson) {

        /** An extra payload field, or a missing node. */
        public JsonNode extra(String field) {
            JsonNode node = payloadJson.get(field);
            return node == null ? MissingNode.getInstance() : node;
        }
    }

    public byte[] encode(Outgoing outgoing) {
        byte[] plain = codec.encode(outgoing.message());
        if (outgoing.extras().isEmpty()) {
            return plain;
        }
        try {
            ObjectNode envelope = (ObjectNode) mapper.readTree(plain);
            ObjectNode payload = (ObjectNode) envelope.get(PAYLOAD);
            outgoing.extras().forEach((name, value) -> {
                if (!payload.has(name)) {
                    payload.set(name, mapper.valueToTree(value));
                }
            });
            return mapper.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add extra fields to " + outgoing.message().getClass().getSimpleName(), e);
        }
    }

    public Decoded decode(byte[] bytes) throws MalformedMessageException {
        Envelope envelope = codec.decodeEnvelope(bytes);
        try {
            JsonNode payload = mapper.readTree(bytes).get(PAYLOAD);
            return new Decoded(envelope, payload);
        } catch (IOException e) {
            // decodeEnvelope already parsed the same bytes
            throw new MalformedMessageException("unreadable payload: " + e.getMessage(), e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
