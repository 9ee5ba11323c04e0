package com.cyclefleet.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the embedded broker.
 *
 * @param dataDir        holds server.properties, the KRaft log directory and broker.log; reusing it keeps topics,
 *                       records and committed offsets across restarts
 * @param port           client listener port on 127.0.0.1, or 0 for a free one
 * @param controllerPort KRaft controller listener port, or 0 for a free one
 * @param maxHeap        the broker JVM's -Xmx (for example {@code 512m})
 * @param startTimeout   how long to wait for the broker to answer
 * @param stopGrace      how long a clean shutdown may take before the process is killed
 */
public record KafkaBrokerConfig(
        Path dataDir,
        int port,
        int controllerPort,
        String maxHeap,
        Duration startTimeout,
        Duration stopGrace) {

    /** Enough for a single-node broker with a handful of topics. */
    public static final String DEFAULT_MAX_HEAP = "512m";
    /** Starts take 2-9 s on a loaded 2-core machine; leave room for a cold JIT and disk cache. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** A single-node controlled shutdown takes a few seconds. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(15);

    /** A broker on free ports with default sizing. */
    public static KafkaBrokerConfig defaults(Path dataDir) {
        return new KafkaBrokerConfig(dataDir, 0, 0, DEFAULT_MAX_HEAP, DEFAULT_START_TIMEOUT, DEFAULT_STOP_GRACE);
    }

    /** The same broker on fixed ports (0 still means a free one). */
    public KafkaBrokerConfig withPorts(int clientPort, int controllerListenerPort) {
        return new KafkaBrokerConfig(dataDir, clientPort, controllerListenerPort, maxHeap, startTimeout, stopGrace);
    }
}
