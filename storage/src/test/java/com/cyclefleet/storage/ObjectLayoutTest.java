package com.cyclefleet.storage;

import com.cyclefleet.protocol.Domain;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectLayoutTest {

    @Test
    void keysFollowTheDocumentedScheme() {
        assertEquals("datasets/h2z/B/zebra-1.png", ObjectLayout.datasetImage("h2z", Domain.B, "zebra-1.png"));
        assertEquals("jobs/j1/checkpoints/iter-00000400.ckpt", ObjectLayout.checkpoint("j1", 400));
        assertEquals("jobs/j1/samples/iter-00000000.png", ObjectLayout.sample("j1", 0));
        assertEquals("jobs/j1/loss-history.jsonl", ObjectLayout.lossHistory("j1"));
        assertEquals("models/m1/v3/model.zip", ObjectLayout.modelArtifact("m1", 3));
        assertEquals("jobs/j1/model.zip", ObjectLayout.jobBundle("j1"));
        assertEquals("jobs/j1/cancelled", ObjectLayout.jobCancelled("j1"));
        assertEquals("translations/r1/input.png", ObjectLayout.translationInput("r1"));
        assertEquals("translations/r1/output.png", ObjectLayout.translationOutput("r1"));
    }

    @Test
    void checkpointKeysSortInIterationOrder() {
        List<String> keys = new java.util.ArrayList<>(List.of(
                ObjectLayout.checkpoint("j", 1000), ObjectLayout.checkpoint("j", 99), ObjectLayout.checkpoint("j", 200)));
        keys.sort(null);
        assertEquals(ObjectLayout.checkpoint("j", 1000), keys.get(2));
    }

    @Test
    void iterationIsReadBackFromCheckpointAndSampleKeys() {
        assertEquals(OptionalLong.of(400), ObjectLayout.iterationOf(ObjectLayout.checkpoint("j1", 400)));
        assertEquals(OptionalLong.of(7), ObjectLayout.iterationOf(ObjectLayout.sample("j1", 7)));
        assertTrue(ObjectLayout.iterationOf(ObjectLayout.lossHistory("j1")).isEmpty());
    }

    @Test
    void unsafeNamesAreRejected() {
        for (String bad : new String[] {"", "a/b", "../x", "has space", ".hidden", "x..y"}) {
            assertThrows(IllegalArgumentException.class, () -> ObjectLayout.jobPrefix(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectLayout.checkpoint("j", -1));
        assertThrows(IllegalArgumentException.class, () -> ObjectLayout.checkpoint("j", ObjectLayout.ITERATION_LIMIT));
        assertThrows(IllegalArgumentException.class, () -> ObjectLayout.modelArtifact("m", 0));
    }
}
