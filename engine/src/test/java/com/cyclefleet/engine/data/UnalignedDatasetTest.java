package com.cyclefleet.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.formats.testing.HugePng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnalignedDatasetTest {
    @TempDir
    Path root;

    @Test
    void opensBothDomainsSortedByName() throws IOException {
        TestImages.writeFolder(root.resolve("trainA"), 3, 0);
        TestImages.writeFolder(root.resolve("trainB"), 5, 50);
        Files.writeString(root.resolve("trainA/notes.txt"), "not an image");
        Files.write(root.resolve("trainA/._img_00.png"), new byte[] {0});
        UnalignedDataset ds = UnalignedDataset.open(root);
        assertEquals(3, ds.a().size());
        assertEquals(5, ds.b().size());
        assertEquals(5, ds.epochSize());
        assertEquals("img_00.png", ds.a().name(0));
        assertEquals("img_02.png", ds.a().name(2));
        assertEquals(root.resolve("trainB/img_04.png"), ds.b().path(4));
        assertEquals(TestImages.gradient(11, 13, 51), ds.b().load(1));
    }

    @Test
    void anImageOverThePixelBudgetIsRefusedWhenLoadedNamingTheFile() throws IOException {
        TestImages.writeFolder(root.resolve("trainA"), 1, 0);
        TestImages.writeFolder(root.resolve("trainB"), 1, 0);
        Files.write(root.resolve("trainB/zz_huge.png"), HugePng.bilevel(30000, 30000));
        UnalignedDataset ds = UnalignedDataset.open(root, UnalignedDataset.TRAIN, 0, new PixelBudget(64 * 64));
        assertEquals(TestImages.gradient(10, 12, 0), ds.b().load(0));
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> ds.b().load(1));
        assertTrue(e.getMessage().startsWith(root.resolve("trainB/zz_huge.png") + ": 30000x30000 pixels"),
                e.getMessage());
    }

    @Test
    void missingDomainIsNamed() {
        TestImages.writeFolder(root.resolve("trainA"), 1, 0);
        DatasetException e = assertThrows(DatasetException.class, () -> UnalignedDataset.open(root));
        assertEquals(root + ": dataset folder must contain trainA/ and trainB/ (missing trainB/)", e.getMessage());
        assertThrows(DatasetException.class, () -> UnalignedDataset.open(root.resolve("nope")));
    }

    @Test
    void folderWithoutImagesIsNamed() throws IOException {
        Path dir = Files.createDirectories(root.resolve("trainA"));
        Files.writeString(dir.resolve("readme.md"), "x");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.open(dir));
        assertEquals(dir + ": no PNG/JPEG images", e.getMessage());
        e = assertThrows(DatasetException.class, () -> ImageFolder.open(root.resolve("missing")));
        assertTrue(e.getMessage().startsWith(root.resolve("missing").toString()), e.getMessage());
    }

    @Test
    void cacheServesIdenticalImagesWithinItsBudget() throws IOException {
        Path dir = root.resolve("imgs");
        TestImages.writeFolder(dir, 4, 7);
        ImageFolder cached = ImageFolder.open(dir);
        ImageFolder uncached = ImageFolder.open(dir, 0);
        FloatImage first = cached.load(2);
        Files.delete(dir.resolve("img_02.png"));
        assertEquals(first, cached.load(2), "served from memory after the file is gone");
        assertTrue(cached.cachedBytes() > 0);
        assertEquals(0, uncached.cachedBytes());
        uncached.load(0);
        assertEquals(0, uncached.cachedBytes());
        ImageFolder small = ImageFolder.open(dir, 3L * 10 * 12);
        small.load(0);
        small.load(1);
        assertEquals(3L * 10 * 12, small.cachedBytes(), "the second image does not fit the budget");
    }

    @Test
    void corruptImageNamesTheFile() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bad"));
        Files.write(dir.resolve("x.png"), new byte[] {9, 9, 9});
        ImageFolder folder = ImageFolder.open(dir);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> folder.load(0));
        assertTrue(e.getMessage().startsWith(dir.resolve("x.png").toString()), e.getMessage());
    }
}
