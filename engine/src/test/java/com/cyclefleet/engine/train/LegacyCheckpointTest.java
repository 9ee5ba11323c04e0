package com.cyclefleet.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.net.Network;
import com.cyclefleet.engine.nn.Param;
import com.cyclefleet.engine.io.ZipEntries;
import com.cyclefleet.formats.training.TrainingParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint manifest written before the hyper-parameters were one record (by commit 1d51255's engine, whose
 * {@code TrainConfig} held strings for netG, ganMode and the resize modes) still loads, and the run resumed from it
 * ends exactly where that engine's run ended: the digest and losses below are what it printed after 4 iterations of
 * the same tiny run. The weights come from a checkpoint this build writes at iteration 2; the whole 3.8 MB old
 * checkpoint is not kept in the repository.
 */
class LegacyCheckpointTest {
    private static final String MANIFEST = "checkpoint.json";
    private static final String OLD_DIGEST_AT_4 = "31fffac30f8a9e661c25190be23ebc9a5de369c457a836c40e2ca9e6e1c065dc";
    private static final String OLD_LOSSES_AT_4 = "{D_A=0.31431712210178375, G_A=0.30828237533569336, "
            + "cycle_A=4.268385569254558, idt_A=3.663884401321411, D_B=0.34230719320476055, G_B=0.8073846101760864, "
            + "cycle_B=7.458999156951904, idt_B=2.121731440226237}";

    @Test
    void oldManifestLoadsAndResumesToTheOldEnginesWeights(@TempDir Path tmp) throws Exception {
        UnalignedDataset ds = UnalignedDataset.open(TinyRuns.dataset(tmp.resolve("data"), 4));
        CycleGanTrainer first = CycleGanTrainer.create(TinyRuns.config(42, 2, 2), ds);
        first.run(2, null, null);
        ZipEntries now = ZipEntries.read(new ByteArrayInputStream(Checkpoint.toBytes(first)), "now");
        ZipEntries.Writer w = new ZipEntries.Writer();
        now.all().forEach((k, v) -> w.put(k, MANIFEST.equals(k) ? legacyManifest() : v));
        Path ckpt = tmp.resolve("legacy.ckpt");
        w.writeTo(ckpt);

        TrainingParameters read = Checkpoint.config(ckpt);
        assertEquals(TinyRuns.config(42, 2, 2), read);
        CycleGanTrainer resumed = Checkpoint.load(ckpt, ds);
        assertEquals(2, resumed.iteration());
        resumed.run(2, null, null);
        assertEquals(OLD_DIGEST_AT_4, digest(resumed));
        assertEquals(OLD_LOSSES_AT_4, resumed.history().get(3).byName().toString());
    }

    private static byte[] legacyManifest() {
        try (InputStream in = LegacyCheckpointTest.class.getResourceAsStream("/legacy/checkpoint-tiny-iter2.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 over every network's parameter names and big-endian float bits, in the model's order. */
    private static String digest(CycleGanTrainer t) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, Network> e : t.model().networks().entrySet()) {
            for (Param p : e.getValue().parameters()) {
                md.update(e.getKey().getBytes());
                md.update(p.key().getBytes());
                for (float f : p.value().data().asFloat()) {
                    int b = Float.floatToIntBits(f);
                    md.update(new byte[]{(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
