package com.cyclefleet.protocol;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact constructors' checks of the fields the coordinator needs to rebuild its state from the topics. */
class MessageFieldsTest {

    private static final Map<Direction, String> GENERATORS = Map.of(
            Direction.A_TO_B, "models/m1/v1/model.zip", Direction.B_TO_A, "models/m1/v1/model.zip");

    @Test
    void jobAcceptedNeedsAModelId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JobAccepted("job-1",
                "h2z", SampleMessages.dataset(), SampleMessages.spec(), 100, 600, " ", null, null));
        assertEquals("modelId is required", e.getMessage());
    }

    @Test
    void ordinaryChunkIsNoResume() {
        TrainChunkTask task = new TrainChunkTask("job-1", 0, 0, 100, 600, null, SampleMessages.dataset(),
                SampleMessages.spec(), null, null, null);
        assertFalse(task.fromResume());
    }

    @Test
    void resumeAnswersAtLeastOneFailure() {
        assertThrows(IllegalArgumentException.class, () -> new TrainChunkTask("job-1", 1, 0, 100, 600, null,
                SampleMessages.dataset(), SampleMessages.spec(), 0, null, null));
        assertTrue(new TrainChunkTask("job-1", 1, 0, 100, 600, null, SampleMessages.dataset(),
                SampleMessages.spec(), 2, null, null).fromResume());
    }

    @Test
    void batchNeedsAllThreeFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TranslationBatch("batch-1", "inbox/", null));
        assertEquals("outputPrefix is required", e.getMessage());
    }

    @Test
    void importKindGoesWithImportSource() {
        assertThrows(IllegalArgumentException.class, () -> new ModelVersionCreated("m1", 1, "job-1", GENERATORS,
                ModelVersionKind.IMPORT, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelVersionCreated("m1", 1,
                ModelVersionCreated.SOURCE_IMPORT, GENERATORS, ModelVersionKind.FINAL, 0, "h2z", "jobs/j/model.zip"));
    }

    @Test
    void jobVersionNamesItsDatasetAndSourceObject() {
        IllegalArgumentException noDataset = assertThrows(IllegalArgumentException.class, () ->
                new ModelVersionCreated("m1", 1, "job-1", GENERATORS, ModelVersionKind.FINAL, 10, null,
                        "jobs/job-1/model.zip"));
        assertEquals("dataset is required", noDataset.getMessage());
        IllegalArgumentException noSource = assertThrows(IllegalArgumentException.class, () ->
                new ModelVersionCreated("m1", 1, "job-1", GENERATORS, ModelVersionKind.CHECKPOINT, 10, "h2z", null));
        assertEquals("sourceKey is required", noSource.getMessage());
    }

    @Test
    void importCopiesNothingAndMayNameADataset() {
        assertThrows(IllegalArgumentException.class, () -> new ModelVersionCreated("m1", 1,
                ModelVersionCreated.SOURCE_IMPORT, GENERATORS, ModelVersionKind.IMPORT, 0, null, "somewhere.zip"));
        assertThrows(IllegalArgumentException.class, () -> new ModelVersionCreated("m1", 1,
                ModelVersionCreated.SOURCE_IMPORT, GENERATORS, ModelVersionKind.IMPORT, 0, "", null));
        assertEquals("h2z", new ModelVersionCreated("m1", 1, ModelVersionCreated.SOURCE_IMPORT, GENERATORS,
                ModelVersionKind.IMPORT, 0, "h2z", null).dataset());
    }
}
