package com.cyclefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The train command's hyper-parameter options default to, and build, the one training record. */
class TrainOptionsTest {

    private static TrainCommand parse(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train;
    }

    @Test
    void noOptionsGiveTheRecordsDefaults() {
        assertEquals(TrainingParameters.defaults(), parse("--data", "d").config());
    }

    @Test
    void optionsReachTheRecordTyped() {
        TrainingParameters p = parse("--data", "d", "--netG", "resnet_6blocks", "--gan-mode", "vanilla",
                "--lambda-cycle", "7", "--resize-b", "nearest", "--seed", "9", "--no-flip").config();
        assertEquals(GanMode.VANILLA, p.ganMode());
        assertEquals(7.0, p.lambdaA());
        assertEquals(7.0, p.lambdaB());
        assertEquals(ResizeMode.NEAREST, p.resizeB());
        assertEquals(9L, p.seed());
        assertEquals(false, p.flip());
    }

    @Test
    void aBadSpellingNamesTheOptionAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--data", "d", "--resize-a", "lanczos").config());
        assertTrue(e.getMessage().contains("--resize-a must be one of bicubic, nearest"), e.getMessage());
    }
}
