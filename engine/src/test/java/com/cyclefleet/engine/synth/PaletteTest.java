package com.cyclefleet.engine.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaletteTest {
    @TempDir
    Path tmp;

    @Test
    void standardHasTheStreetClassesWellApart() {
        Palette p = Palette.standard();
        for (String name : List.of("sky", "building", "window", "road", "vegetation", "car")) {
            assertTrue(p.indexOf(name) >= 0, name);
        }
        for (int i = 0; i < p.size(); i++) {
            for (int j = i + 1; j < p.size(); j++) {
                LabelClass a = p.get(i);
                LabelClass b = p.get(j);
                double d = Math.sqrt(Math.pow(a.r() - b.r(), 2) + Math.pow(a.g() - b.g(), 2) + Math.pow(a.b() - b.b(), 2));
                assertTrue(d > 100, a.name() + " vs " + b.name() + ": " + d);
            }
        }
    }

    @Test
    void nearestClassFindsTheClosestColour() {
        Palette p = Palette.standard();
        for (int i = 0; i < p.size(); i++) {
            LabelClass c = p.get(i);
            assertEquals(i, p.nearestClass(c.r(), c.g(), c.b()));
            assertEquals(i, p.nearestClass(Math.max(0, c.r() - 20), Math.min(255, c.g() + 15), c.b()));
            assertEquals(i, p.nearestClass(c.rgb()));
        }
    }

    @Test
    void jsonRoundTrip() {
        Path file = tmp.resolve("palette.json");
        Palette.standard().write(file);
        assertEquals(Palette.standard(), Palette.read(file));
    }

    @Test
    void invalidPaletteFileIsNamed() throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, "{\"classes\": [{\"name\": \"a\", \"r\": 1, \"g\": 2, \"b\": 3},"
                + " {\"name\": \"a\", \"r\": 4, \"g\": 5, \"b\": 6}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Palette.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a valid palette"), e.getMessage());
    }
}
