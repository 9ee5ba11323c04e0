package com.cyclefleet.engine.infer;

import com.cyclefleet.engine.train.CycleGanTrainer;
import com.cyclefleet.formats.model.ModelFiles;
import com.cyclefleet.formats.model.ModelManifest;

import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.nn.Param;
import com.cyclefleet.engine.io.Json;
import com.cyclefleet.engine.io.ModelFileException;
import com.cyclefleet.engine.io.ZipEntries;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The serving form of a trained model: both generators and their spec, without discriminators or optimiser state.
 * The loader also reads full checkpoints, which store the generators under the same entry names.
 */
public final class GeneratorBundle {

    private final GeneratorSpec spec;
    private final ResnetGenerator gA;
    private final ResnetGenerator gB;

    public GeneratorBundle(GeneratorSpec spec, ResnetGenerator gA, ResnetGenerator gB) {
        this.spec = spec;
        this.gA = gA;
        this.gB = gB;
    }

    public GeneratorSpec spec() {
        return spec;
    }

    public ResnetGenerator generator(Direction d) {
        return d == Direction.AtoB ? gA : gB;
    }

    public Translator translator(Direction d) {
        return new Translator(generator(d));
    }

    /** What a model file says about itself. */
    /**
     * The serving form (both generators only) of a run's current weights, sharing their arrays; nothing is written
     * until the caller writes the bundle.
     */
    public static GeneratorBundle of(CycleGanTrainer t) {
        return new GeneratorBundle(new GeneratorSpec(t.config().netG(), t.config().ngf()), t.model().gA(),
                t.model().gB());
    }

    public byte[] toBytes(long iteration) {
        return writer(iteration).toBytes();
    }

    private ZipEntries.Writer writer(long iteration) {
        ZipEntries.Writer w = new ZipEntries.Writer();
        try {
            w.put(ModelFiles.MANIFEST, Json.MAPPER.writeValueAsBytes(ModelManifest.generators(spec.netG(), spec.ngf(),
                    iteration)));
        } catch (IOException e) {
            throw new ModelFileException("cannot encode model manifest: " + e.getMessage());
        }
        putGenerator(w, ModelFiles.G_A, gA);
        putGenerator(w, ModelFiles.G_B, gB);
        return w;
    }

    public void write(Path file, long iteration) {
        writer(iteration).writeTo(file);
    }

    /** One generator's parameters under {@code network}'s folder, as bundles and checkpoints both store them. */
    public static void putGenerator(ZipEntries.Writer w, String network, ResnetGenerator g) {
        for (Param p : g.parameters()) {
            w.put(ModelFiles.entry(network, p.key()), p.value());
        }
    }

    public static GeneratorBundle load(Path file) {
        return from(ZipEntries.read(file));
    }

    public static GeneratorBundle load(InputStream in, String name) {
        return from(ZipEntries.read(in, name));
    }

    public static GeneratorBundle from(ZipEntries z) {
        GeneratorSpec spec = specOf(z);
        ResnetGenerator a = new ResnetGenerator(spec, null, DataType.FLOAT);
        ResnetGenerator b = new ResnetGenerator(spec, null, DataType.FLOAT);
        fill(z, ModelFiles.G_A, a);
        fill(z, ModelFiles.G_B, b);
        return new GeneratorBundle(spec, a, b);
    }

    private static GeneratorSpec specOf(ZipEntries z) {
        try {
            if (z.has(ModelFiles.MANIFEST)) {
                JsonNode m = Json.MAPPER.readTree(z.bytes(ModelFiles.MANIFEST));
                int format = m.path("format").asInt(-1);
                if (format != ModelFiles.FORMAT) {
                    throw new ModelFileException(z.source() + ": model format " + format + " not supported (need " + ModelFiles.FORMAT + ")");
                }
                return new GeneratorSpec(m.path("netG").asText(), m.path("ngf").asInt());
            }
            if (z.has(ModelFiles.CHECKPOINT_MANIFEST)) {
                JsonNode c = Json.MAPPER.readTree(z.bytes(ModelFiles.CHECKPOINT_MANIFEST)).path("config");
                return new GeneratorSpec(c.path("netG").asText(), c.path("ngf").asInt());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(z.source() + ": unreadable manifest (" + e.getMessage() + ")");
        }
        throw new ModelFileException(z.source() + ": not a CycleFleet model or checkpoint (no " + ModelFiles.MANIFEST + ")");
    }

    public static void fill(ZipEntries z, String prefix, ResnetGenerator g) {
        for (Param p : g.parameters()) {
            p.assign(z.array(ModelFiles.entry(prefix, p.key()), p.value().shape()));
        }
    }
}
