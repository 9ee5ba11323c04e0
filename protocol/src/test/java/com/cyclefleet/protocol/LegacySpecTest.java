package com.cyclefleet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Event logs written before the hyper-parameters were one record (the spec flat, under the REST API's old names)
 * still read, into exactly the parameters the worker built from them then.
 */
class LegacySpecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void oldTrainChunkTaskReadsWithTheEngineDefaultsForWhatItDidNotCarry() throws Exception {
        TrainChunkTask task = (TrainChunkTask) codec.decode(resource("train-chunk-task-v1-flat-spec.json"));
        assertEquals(SampleMessages.spec(), task.spec());
        assertEquals(400, task.startIteration());
        // written before fine-tuning existed: an ordinary chunk of a job from scratch
        assertNull(task.fineTune());
        assertNull(task.holdOut());
    }

    @Test
    void oldJobAcceptedReads() throws Exception {
        JobAccepted accepted = (JobAccepted) codec.decode(resource("job-accepted-v1-flat-spec.json"));
        assertEquals(SampleMessages.spec(), accepted.spec());
        assertEquals("h2z", accepted.modelId());
        assertNull(accepted.fineTune());
        assertNull(accepted.holdOut());
    }

    @Test
    void aFieldThatIsNotAnAddedOneMustStillBePresent() {
        String json = new String(codec.encode(new JobCancelled("job-1")), StandardCharsets.UTF_8)
                .replace("\"jobId\":\"job-1\"", "\"other\":1");
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("field is missing"), e.getMessage());
    }

    @Test
    void currentShapeRoundTripsNested() throws Exception {
        TrainChunkTask task = new TrainChunkTask("job-1", 0, 0, 10, 60, null, SampleMessages.dataset(),
                SampleMessages.spec(), null, null, null);
        String json = new String(codec.encode(task), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"parameters\":{\"netG\":\"resnet_6blocks\""), json);
        assertTrue(json.contains("\"resizeB\":\"nearest\""), json);
        assertEquals(task, codec.decode(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void outOfRangeParameterIsAMalformedMessageNamingIt() throws Exception {
        String json = new String(resource("train-chunk-task-v1-flat-spec.json"), StandardCharsets.UTF_8)
                .replace("\"ngf\":64", "\"ngf\":0");
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("ngf must be at least 1"), e.getMessage());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LegacySpecTest.class.getResourceAsStream("/legacy/" + name)) {
            return in.readAllBytes();
        }
    }
}
