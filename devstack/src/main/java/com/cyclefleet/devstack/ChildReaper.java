package com.cyclefleet.devstack;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JVM shutdown hook that stops every child process still running, so a test run or {@code cyclefleet up} that
 * exits without closing its servers leaves no broker or S3 server (nor their temporary data) behind. (A parent killed with SIGKILL runs no
 * hooks; its children then have to be stopped by hand.)
 */
final class ChildReaper {

    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> TEMPORARY_DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildReaper::stopAll, "cyclefleet-child-reaper"));
    }

    private ChildReaper() {
    }

    static void register(ChildProcess child) {
        LIVE.add(child);
    }

    static void unregister(ChildProcess child) {
        LIVE.remove(child);
    }

    /** Deletes a temporary data directory at exit, after the children that write into it have stopped. */
    static void deleteAtExit(Path dir) {
        TEMPORARY_DIRS.add(dir);
    }

    static void forget(Path dir) {
        TEMPORARY_DIRS.remove(dir);
    }

    private static void stopAll() {
        // signal all first, then wait, so the grace periods overlap instead of adding up
        for (ChildProcess child : LIVE) {
            child.signalStop();
        }
        for (ChildProcess child : LIVE) {
            child.close();
        }
        for (Path dir : TEMPORARY_DIRS) {
            Directories.deleteRecursively(dir);
        }
    }
}
