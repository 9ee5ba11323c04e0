package com.cyclefleet.engine.data;

import com.cyclefleet.formats.training.ResizeMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSourceTest {
    private static final AugmentOptions OPTIONS = new AugmentOptions(12, 8, true, ResizeMode.BICUBIC, ResizeMode.NEAREST);

    @TempDir
    Path root;

    private UnalignedDataset dataset;

    @BeforeEach
    void writeDataset() {
        TestImages.writeFolder(root.resolve("trainA"), 5, 0);
        TestImages.writeFolder(root.resolve("trainB"), 3, 100);
        dataset = UnalignedDataset.open(root);
    }

    @Test
    void batchesHaveTheRequestedShape() {
        Batch batch = new BatchSource(dataset, OPTIONS, false, 1).next(3);
        assertEquals(3, batch.size());
        assertEquals(3, batch.namesB().size());
        for (FloatImage img : batch.b()) {
            assertEquals(8, img.height());
            assertEquals(8, img.width());
        }
        assertThrows(IllegalArgumentException.class, () -> new BatchSource(dataset, OPTIONS, false, 1).next(0));
    }

    @Test
    void restoredSourceRepeatsTheSameImages() throws Exception {
        BatchSource source = new BatchSource(dataset, OPTIONS, false, 42);
        for (int i = 0; i < 5; i++) {
            source.next(2);
        }
        BatchSourceState saved = source.state();
        List<Batch> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(source.next(2));
        }

        // Through JSON, as a checkpoint would store it.
        ObjectMapper json = new ObjectMapper();
        BatchSourceState reloaded = json.readValue(json.writeValueAsString(saved), BatchSourceState.class);
        BatchSource fresh = new BatchSource(UnalignedDataset.open(root), OPTIONS, false, 7);
        fresh.restore(reloaded);
        for (Batch b : expected) {
            assertEquals(b, fresh.next(2));
        }
    }

    @Test
    void sameSeedSameBatches() {
        BatchSource x = new BatchSource(dataset, OPTIONS, false, 3);
        BatchSource y = new BatchSource(dataset, OPTIONS, false, 3);
        for (int i = 0; i < 4; i++) {
            assertEquals(x.next(2), y.next(2));
        }
    }

    @Test
    void restoreRefusesAnotherDatasetOrMode() {
        BatchSourceState st = new BatchSource(dataset, OPTIONS, false, 1).state();
        TestImages.writeFolder(root.resolve("other/trainA"), 2, 0);
        TestImages.writeFolder(root.resolve("other/trainB"), 3, 0);
        BatchSource other = new BatchSource(UnalignedDataset.open(root.resolve("other")), OPTIONS, false, 1);
        assertThrows(IllegalArgumentException.class, () -> other.restore(st));
        BatchSource serial = new BatchSource(dataset, OPTIONS, true, 1);
        assertThrows(IllegalArgumentException.class, () -> serial.restore(st));
    }
}
