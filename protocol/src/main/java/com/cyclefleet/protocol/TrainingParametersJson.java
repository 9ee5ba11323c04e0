package com.cyclefleet.protocol;

import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads {@link TrainingParameters} from JSON that may name only some of them: the rest take
 * {@link TrainingParameters#defaults()}, so a message or request written before a parameter existed still reads.
 * Also accepts the names the REST API and the first task messages used before the parameters were one record:
 * {@code lambdaCycle} (both cycle weights) and {@code nearestResizeA}/{@code nearestResizeB} (booleans).
 */
public final class TrainingParametersJson {

    public static final String LAMBDA_CYCLE = "lambdaCycle";
    public static final Map<String, String> NEAREST_RESIZE = Map.of("nearestResizeA", "resizeA",
            "nearestResizeB", "resizeB");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private TrainingParametersJson() {
    }

    /** Every parameter under its field name, as {@link #read} reads it back. */
    public static ObjectNode write(TrainingParameters parameters) {
        return MAPPER.valueToTree(parameters);
    }

    /** Lenient about unknown fields, as every message reader is; a bad value is an IllegalArgumentException. */
    public static TrainingParameters read(JsonNode given) {
        try {
            return read(given, MAPPER.readerFor(TrainingParameters.class));
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException(e.getCause() == null ? e.getOriginalMessage()
                    : e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid training parameters: " + e.getMessage(), e);
        }
    }

    /**
     * Reads with the caller's reader (the REST API's refuses unknown fields). The record's own range checks arrive
     * as a {@link ValueInstantiationException} whose cause is the IllegalArgumentException naming the field.
     */
    public static TrainingParameters read(JsonNode given, ObjectReader reader) throws IOException {
        return reader.readValue(withDefaults(given));
    }

    /** The defaults with every non-null field of {@code given} (old names translated) laid over them. */
    static ObjectNode withDefaults(JsonNode given) {
        if (given != null && !given.isNull() && !given.isObject()) {
            throw new IllegalArgumentException("training parameters must be a JSON object");
        }
        ObjectNode merged = MAPPER.valueToTree(TrainingParameters.defaults());
        if (given == null || given.isNull()) {
            return merged;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                continue;
            }
            String name = e.getKey();
            if (LAMBDA_CYCLE.equals(name)) {
                refuseBoth(given, name, "lambdaA", "lambdaB");
                merged.set("lambdaA", e.getValue());
                merged.set("lambdaB", e.getValue());
            } else if (NEAREST_RESIZE.containsKey(name)) {
                String to = NEAREST_RESIZE.get(name);
                refuseBoth(given, name, to, to);
                if (!e.getValue().isBoolean()) {
                    throw new IllegalArgumentException(name + " must be true or false, was " + e.getValue());
                }
                merged.put(to, (e.getValue().booleanValue() ? ResizeMode.NEAREST : ResizeMode.BICUBIC).wireName());
            } else {
                merged.set(name, e.getValue());
            }
        }
        return merged;
    }

    private static void refuseBoth(JsonNode given, String old, String a, String b) {
        if (present(given, a) || present(given, b)) {
            throw new IllegalArgumentException("give either " + old + " or " + a
                    + (a.equals(b) ? "" : "/" + b) + ", not both");
        }
    }

    private static boolean present(JsonNode given, String field) {
        return given.hasNonNull(field);
    }
}
