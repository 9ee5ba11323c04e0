package com.cyclefleet.protocol.codec;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.SampleMessages;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.ModelVersionCreated;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TranslateTask;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final MessageCodec codec = new MessageCodec(Clock.fixed(NOW, ZoneOffset.UTC));
    private final ObjectMapper json = new ObjectMapper();

    static Iterable<Message> samples() {
        return SampleMessages.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyMessageSurvivesARoundTrip(Message message) throws Exception {
        Envelope decoded = codec.decodeEnvelope(codec.encode(message));

        assertEquals(message, decoded.payload());
        assertEquals(MessageTypes.nameOf(message), decoded.type());
        assertEquals(Envelope.CURRENT_VERSION, decoded.version());
        assertEquals(NOW, decoded.timestamp());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void payloadJsonHasExactlyTheRecordComponents(Message message) throws Exception {
        JsonNode payload = json.readTree(codec.encode(message)).get("payload");

        Set<String> written = new TreeSet<>();
        payload.fieldNames().forEachRemaining(written::add);
        Set<String> components = Arrays.stream(message.getClass().getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(components, written);
    }

    @Test
    void samplesCoverEveryRegisteredType() {
        Set<String> sampled = SampleMessages.all().stream().map(MessageTypes::nameOf).collect(Collectors.toSet());
        assertEquals(MessageTypes.all().keySet(), sampled);
    }

    @Test
    void envelopeUsesReadableWireNames() throws Exception {
        JsonNode envelope = json.readTree(codec.encode(firstOf(TranslateTask.class)));

        assertEquals("TranslateTask", envelope.get("type").asText());
        assertEquals("2026-03-01T12:00:00Z", envelope.get("timestamp").asText());
        assertEquals("BtoA", envelope.get("payload").get("direction").asText());
    }

    @Test
    void malformedJsonIsRejectedWithReason() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode("{\"type\": \"JobCancelled\", ".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.reason().startsWith("not valid JSON"), e.reason());
    }

    @Test
    void emptyBytesAreRejectedWithReason() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(new byte[0]));
        assertTrue(e.reason().startsWith("empty message"), e.reason());
    }

    @Test
    void unknownTypeIsRejectedWithReason() throws Exception {
        ObjectNode envelope = envelopeOf(new com.cyclefleet.protocol.JobCancelled("job-1"));
        envelope.put("type", "JobExploded");

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertTrue(e.reason().startsWith("unknown message type 'JobExploded'"), e.reason());
    }

    @Test
    void versionTwoIsRejectedWithReason() throws Exception {
        ObjectNode envelope = envelopeOf(new com.cyclefleet.protocol.JobCancelled("job-1"));
        envelope.put("version", 2);

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertEquals("unsupported version 2 of message type 'JobCancelled'; this build reads version 1", e.reason());
    }

    @Test
    void missingRequiredFieldNamesTheField() throws Exception {
        ObjectNode envelope = envelopeOf(SampleMessages.all().get(0));
        ((ObjectNode) envelope.get("payload")).putNull("jobId");

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertTrue(e.reason().contains("jobId is required"), e.reason());
    }

    @Test
    void absentPrimitiveFieldIsRejected() throws Exception {
        ObjectNode envelope = envelopeOf(SampleMessages.all().get(0));
        ((ObjectNode) envelope.get("payload")).remove("maxIterations");

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertTrue(e.reason().contains("maxIterations"), e.reason());
    }

    @Test
    void badEnumValueIsRejected() throws Exception {
        ObjectNode envelope = envelopeOf(firstOf(TranslateTask.class));
        ((ObjectNode) envelope.get("payload")).put("direction", "sideways");

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertTrue(e.reason().startsWith("invalid 'TranslateTask' payload at 'direction'"), e.reason());
    }

    @Test
    void unknownPayloadFieldsAreIgnoredForForwardCompatibility() throws Exception {
        Message original = SampleMessages.all().get(0);
        ObjectNode envelope = envelopeOf(original);
        ((ObjectNode) envelope.get("payload")).put("addedInALaterBuild", true);

        assertEquals(original, decode(envelope));
    }

    @Test
    void freshStartIsANullCheckpoint() throws Exception {
        TrainChunkTask task = (TrainChunkTask) codec.decode(codec.encode(SampleMessages.all().get(0)));
        assertTrue(task.freshStart());
    }

    @Test
    void absentNullableFieldIsRejectedLikeAnyOther() throws Exception {
        ObjectNode envelope = envelopeOf(firstOf(TranslateTask.class));
        ((ObjectNode) envelope.get("payload")).remove("batch");

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertTrue(e.reason().contains("batch"), e.reason());
    }

    @Test
    void jobDoneWithoutBundleKeyIsRejected() throws Exception {
        ObjectNode envelope = envelopeOf(firstOf(JobDone.class));
        ((ObjectNode) envelope.get("payload")).putNull("bundleKey");

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(envelope));
        assertTrue(e.reason().contains("bundleKey is required"), e.reason());
    }

    @Test
    void modelVersionKindTravelsByItsLowerCaseName() throws Exception {
        JsonNode payload = json.readTree(codec.encode(firstOf(ModelVersionCreated.class))).get("payload");

        assertEquals("import", payload.get("kind").asText());
    }

    @Test
    void batchTravelsAsANestedObject() throws Exception {
        TranslateTask batched = SampleMessages.all().stream().filter(TranslateTask.class::isInstance)
                .map(TranslateTask.class::cast).filter(t -> t.batch() != null).findFirst().orElseThrow();
        JsonNode payload = json.readTree(codec.encode(batched)).get("payload");

        assertEquals("batch-1", payload.get("batch").get("batchId").asText());
        assertEquals("outbox/", payload.get("batch").get("outputPrefix").asText());
    }

    private static <T extends Message> T firstOf(Class<T> type) {
        return SampleMessages.all().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private ObjectNode envelopeOf(Message message) throws Exception {
        return (ObjectNode) json.readTree(codec.encode(message));
    }

    private Message decode(ObjectNode envelope) throws Exception {
        return codec.decode(json.writeValueAsBytes(envelope));
    }
}
