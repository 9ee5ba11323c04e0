package com.cyclefleet.engine.synth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The label classes of a dataset and their flat colours; stored as palette.json next to the images. */
public final class Palette {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;
    private static final int BYTE_MASK = 0xFF;

    private final List<LabelClass> classes;

    @JsonCreator
    public Palette(@JsonProperty("classes") List<LabelClass> classes) {
        if (classes == null || classes.isEmpty()) {
            throw new IllegalArgumentException("a palette needs at least one class");
        }
        Set<String> names = new HashSet<>();
        Set<Integer> colours = new HashSet<>();
        for (LabelClass c : classes) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("palette lists class '" + c.name() + "' twice");
            }
            if (!colours.add(c.rgb())) {
                throw new IllegalArgumentException("palette class '" + c.name() + "' reuses the colour of another class");
            }
        }
        this.classes = List.copyOf(classes);
    }

    /** The synthetic street-scene palette: one saturated, well-separated colour per {@link SceneClass}. */
    public static Palette standard() {
        SceneClass[] all = SceneClass.values();
        LabelClass[] classes = new LabelClass[all.length];
        for (SceneClass c : all) {
            classes[c.ordinal()] = c.standardLabelClass();
        }
        return new Palette(List.of(classes));
    }

    @JsonProperty("classes")
    public List<LabelClass> classes() {
        return classes;
    }

    public int size() {
        return classes.size();
    }

    public LabelClass get(int index) {
        return classes.get(index);
    }

    /** Index of the class with this name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Closest class colour in squared RGB distance; ties go to the earlier class. */
    public int nearestClass(int r, int g, int b) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < classes.size(); i++) {
            LabelClass c = classes.get(i);
            int dr = c.r() - r;
            int dg = c.g() - g;
            int db = c.b() - b;
            int d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    /** Same as {@link #nearestClass(int, int, int)} for a 0xRRGGBB pixel. */
    public int nearestClass(int rgb) {
        return nearestClass((rgb >> RED_SHIFT) & BYTE_MASK, (rgb >> GREEN_SHIFT) & BYTE_MASK, rgb & BYTE_MASK);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Palette fromJson(String json, String nameForErrors) {
        try {
            return JSON.readValue(json, Palette.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(nameForErrors + ": not a valid palette (" + e.getOriginalMessage() + ")", e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write palette (" + e + ")", e);
        }
    }

    public static Palette read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read palette (" + e + ")", e);
        }
        return fromJson(text, file.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Palette p && p.classes.equals(classes);
    }

    @Override
    public int hashCode() {
        return classes.hashCode();
    }

    @Override
    public String toString() {
        return "Palette" + classes;
    }
}
