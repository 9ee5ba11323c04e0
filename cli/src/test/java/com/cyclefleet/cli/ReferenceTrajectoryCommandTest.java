package com.cyclefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.Fixture;
import com.cyclefleet.engine.TrajectoryCheck;
import com.cyclefleet.engine.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's commands exactly as written: train 5 iterations from the trajectory fixture's init/ with the
 * reference's options, export the checkpoint, and the result follows the reference's own trajectory by the rules of
 * trajectory_check.py (here in Java).
 */
class ReferenceTrajectoryCommandTest {
    static final Path F = Fixture.reference(Fixture.TRAJECTORY);

    /** `./cyclefleet train ...` as the issue spells it, with OUT as the checkpoint directory. */
    static String[] trainCommand(Path init, Path out) {
        return new String[]{"train", "--data", F.resolve("data").toString(), "--init-torch-weights", init.toString(),
                "--netG", "resnet_6blocks", "--ngf", "8", "--ndf", "8", "--load-size", "32", "--crop-size", "32",
                "--pool-size", "0", "--serial-batches", "--no-flip", "--epochs", "1", "--epochs-decay", "0",
                "--iterations", "5", "--threads", "1", "--checkpoint-dir", out.toString()};
    }

    /** Numeric fields of each JSON line, as the script reads them. */
    static List<Map<String, Double>> lossRows(Path jsonl) throws IOException {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = Json.MAPPER.readTree(line).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) {
                    row.put(e.getKey(), e.getValue().asDouble());
                }
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void trainExportAndCheckAsTheIssueWritesThem(@TempDir Path out) throws IOException {
        CommandRun train = CommandRun.of(trainCommand(F.resolve("init"), out));
        assertEquals(0, train.code(), train.err());
        assertTrue(train.log().contains("initialised from reference weights in " + F.resolve("init") + "\n"),
                train.log());
        assertTrue(train.log().contains("(schedule complete)"), "--epochs 1 --epochs-decay 0 is 5 iterations here: "
                + train.log());

        CommandRun export = CommandRun.of("export", "--model", out.resolve("latest.ckpt").toString(),
                "--torch-weights", out.resolve("w").toString());
        assertEquals(0, export.code(), export.err());

        TrajectoryCheck.Result r = TrajectoryCheck.check(F, out.resolve("w"),
                lossRows(out.resolve("loss-history.jsonl")));
        System.out.println("trajectory (cli) " + r.line());
        assertTrue(r.ok(), r.line());
    }
}
