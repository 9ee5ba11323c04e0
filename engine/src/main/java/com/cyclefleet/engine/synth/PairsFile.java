package com.cyclefleet.engine.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** pairs.json: a JSON array of {"photo": ..., "labels": ...} pairing test images for evaluation. */
public final class PairsFile {
    public static final String FILE_NAME = "pairs.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PairsFile() {
    }

    public static void write(Path file, List<ImagePair> pairs) {
        try {
            Files.writeString(file, JSON.writeValueAsString(pairs));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write pairs (" + e + ")", e);
        }
    }

    public static List<ImagePair> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read pairs (" + e + ")", e);
        }
        List<ImagePair> pairs;
        try {
            pairs = JSON.readValue(text, new TypeReference<List<ImagePair>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a valid pairs file, expected [{\"photo\": ..., \"labels\": ...}] ("
                    + e.getOriginalMessage() + ")", e);
        }
        for (ImagePair p : pairs) {
            if (p == null || p.photo() == null || p.labels() == null) {
                throw new IllegalArgumentException(file + ": every pair needs both \"photo\" and \"labels\"");
            }
        }
        return List.copyOf(pairs);
    }
}
