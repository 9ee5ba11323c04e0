package com.cyclefleet.protocol.codec;

import com.cyclefleet.protocol.Message;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The wire type names of all messages, derived from the sealed {@link Message} hierarchy and each record's
 * {@link JsonTypeName}, so adding a record to the hierarchy is all it takes to make it decodable.
 */
public final class MessageTypes {

    private static final Map<String, Class<? extends Message>> BY_NAME = discover();

    private MessageTypes() {
    }

    /** The record class for a wire type name, if there is one. */
    public static Optional<Class<? extends Message>> classFor(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    /** The wire type name of a message. */
    public static String nameOf(Message message) {
        return nameOf(message.getClass());
    }

    /** The wire type name of a message class. */
    public static String nameOf(Class<? extends Message> type) {
        JsonTypeName name = type.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalArgumentException(type.getName() + " has no @JsonTypeName");
        }
        return name.value();
    }

    /** All wire type names with their record classes, sorted by name. */
    public static Map<String, Class<? extends Message>> all() {
        return BY_NAME;
    }

    private static Map<String, Class<? extends Message>> discover() {
        Map<String, Class<? extends Message>> byName = new TreeMap<>();
        collect(Message.class, byName);
        return Collections.unmodifiableMap(byName);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> type, Map<String, Class<? extends Message>> byName) {
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                collect(permitted, byName);
            }
            return;
        }
        Class<? extends Message> leaf = (Class<? extends Message>) type;
        Class<? extends Message> clash = byName.put(nameOf(leaf), leaf);
        if (clash != null) {
            throw new IllegalStateException(
                    "wire type name '" + nameOf(leaf) + "' is used by both " + clash.getName() + " and " + leaf.getName());
        }
    }
}
