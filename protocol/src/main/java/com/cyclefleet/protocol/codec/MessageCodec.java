package com.cyclefleet.protocol.codec;

import com.cyclefleet.protocol.AddedField;
import com.cyclefleet.protocol.Message;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Turns messages into envelope JSON bytes and back. Thread-safe.
 *
 * <p>Decoding is strict about the envelope (type, version, id, timestamp must be present and valid) and about the
 * payload's fields (all of a record's fields must be present; nullable ones as explicit null, except an
 * {@link AddedField} absent from a record written before it), but ignores fields it
 * does not know, so a newer producer may add optional fields within version {@value Envelope#CURRENT_VERSION}.
 * Anything else that changes the payload's meaning needs a new version, which older consumers reject.
 */
public final class MessageCodec {

    private static final String TYPE = "type";
    private static final String VERSION = "version";
    private static final String ID = "id";
    private static final String TIMESTAMP = "timestamp";
    private static final String PAYLOAD = "payload";
    /** How Jackson starts the message for an absent record field (FAIL_ON_MISSING_CREATOR_PROPERTIES). */
    private static final String MISSING_CREATOR_PROPERTY = "Missing creator property";

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    private final Clock clock;

    /** A codec stamping envelopes with the system clock. */
    public MessageCodec() {
        this(Clock.systemUTC());
    }

    /** A codec stamping envelopes with the given clock. */
    public MessageCodec(Clock clock) {
        this.clock = clock;
    }

    /** Wraps the message in a new envelope (fresh id, current time) and writes it as UTF-8 JSON. */
    public byte[] encode(Message message) {
        return encode(Envelope.wrap(message, clock.instant()));
    }

    /** Writes an envelope as UTF-8 JSON. */
    public byte[] encode(Envelope envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            // every message is a plain record of JSON-friendly values, so this is a programming error
            throw new UncheckedIOException("cannot write " + envelope.type() + " as JSON", e);
        }
    }

    /** Reads the message out of envelope JSON. */
    public Message decode(byte[] bytes) throws MalformedMessageException {
        return decodeEnvelope(bytes).payload();
    }

    /** Reads envelope JSON, keeping the envelope's id and timestamp. */
    public Envelope decodeEnvelope(byte[] bytes) throws MalformedMessageException {
        ObjectNode envelope = readObject(bytes);
        String type = requiredText(envelope, TYPE);
        int version = requiredVersion(envelope, type);
        Class<? extends Message> payloadType = MessageTypes.classFor(type).orElseThrow(() ->
                new MalformedMessageException("unknown message type '" + type + "'; known types are "
                        + MessageTypes.all().keySet()));
        String id = requiredUuid(envelope);
        Instant timestamp = requiredTimestamp(envelope);
        Message payload = readPayload(envelope, type, payloadType);
        return new Envelope(type, version, id, timestamp, payload);
    }

    private ObjectNode readObject(byte[] bytes) throws MalformedMessageException {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedMessageException("empty message: expected an envelope JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedMessageException("not valid JSON" + location(e) + ": " + firstLine(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("expected an envelope JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        return (ObjectNode) root;
    }

    private static String requiredText(ObjectNode envelope, String field) throws MalformedMessageException {
        JsonNode node = envelope.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new MalformedMessageException("envelope has no '" + field + "' string");
        }
        return node.asText();
    }

    private static int requiredVersion(ObjectNode envelope, String type) throws MalformedMessageException {
        JsonNode node = envelope.get(VERSION);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new MalformedMessageException("envelope of '" + type + "' has no integer '" + VERSION + "'");
        }
        int version = node.intValue();
        if (version != Envelope.CURRENT_VERSION) {
            throw new MalformedMessageException("unsupported version " + version + " of message type '" + type
                    + "'; this build reads version " + Envelope.CURRENT_VERSION);
        }
        return version;
    }

    private static String requiredUuid(ObjectNode envelope) throws MalformedMessageException {
        String id = requiredText(envelope, ID);
        try {
            UUID.fromString(id);
            return id;
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("envelope id '" + id + "' is not a UUID", e);
        }
    }

    private static Instant requiredTimestamp(ObjectNode envelope) throws MalformedMessageException {
        String timestamp = requiredText(envelope, TIMESTAMP);
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException(
                    "envelope timestamp '" + timestamp + "' is not an ISO-8601 instant", e);
        }
    }

    private Message readPayload(ObjectNode envelope, String type, Class<? extends Message> payloadType)
            throws MalformedMessageException {
        JsonNode payload = envelope.get(PAYLOAD);
        if (payload == null || !payload.isObject()) {
            throw new MalformedMessageException("envelope of '" + type + "' has no '" + PAYLOAD + "' object");
        }
        try {
            return mapper.treeToValue(withAddedFields((ObjectNode) payload, payloadType), payloadType);
        } catch (JsonMappingException e) {
            String where = e.getPath().isEmpty() ? "" : " at '" + fieldPath(e) + "'";
            throw new MalformedMessageException("invalid '" + type + "' payload" + where + ": "
                    + rootMessage(e), e);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("invalid '" + type + "' payload: " + firstLine(e), e);
        }
    }

    /** The payload with an explicit null for each {@link AddedField} it lacks (it was written before the field). */
    private static ObjectNode withAddedFields(ObjectNode payload, Class<? extends Message> payloadType) {
        ObjectNode filled = payload;
        for (RecordComponent component : payloadType.getRecordComponents()) {
            if (component.isAnnotationPresent(AddedField.class) && !payload.has(component.getName())) {
                if (filled == payload) {
                    filled = payload.deepCopy();
                }
                filled.putNull(component.getName());
            }
        }
        return filled;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The record constructors' own checks say what is wrong best; Jackson wraps them. */
    private static String rootMessage(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith(MISSING_CREATOR_PROPERTY)) {
            return "field is missing";
        }
        return firstLine(e);
    }

    private static String location(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
        }
        return "";
    }

    /** Jackson's message without its source-location suffix, which only repeats what {@link #location} says. */
    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        int sourceSuffix = line.indexOf(" (start marker at");
        return sourceSuffix < 0 ? line : line.substring(0, sourceSuffix);
    }
}
