package com.cyclefleet.worker;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The kinds of task a worker can take; {@code CYCLEFLEET_WORKER_ROLES} lists them. */
public enum WorkerRole {
    /** Consume train-chunk tasks. */
    TRAIN("train"),
    /** Consume translate tasks. */
    TRANSLATE("translate");

    private final String wireName;

    WorkerRole(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static List<String> wireNames() {
        return Stream.of(values()).map(WorkerRole::wireName).toList();
    }

    /** Parses a comma-separated list such as {@code train,translate}. */
    public static Set<WorkerRole> parseList(String list) {
        Set<WorkerRole> roles = EnumSet.noneOf(WorkerRole.class);
        for (String part : list.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            roles.add(Stream.of(values()).filter(r -> r.wireName.equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown worker role '" + part.trim() + "'; known roles are "
                            + wireNames())));
        }
        return roles;
    }
}
