package com.cyclefleet.devstack;

import java.nio.file.Path;
import java.util.Properties;

/** The server.properties of a single-node KRaft broker that is both broker and controller. */
final class BrokerProperties {

    /** The only node, so its id is arbitrary; it must match the controller quorum voter below. */
    static final int NODE_ID = 1;
    /** One broker can hold one replica; every replication factor and min ISR must be 1 or writes block. */
    private static final String SINGLE_REPLICA = "1";
    /**
     * Internal topics default to 50 partitions each, sized for big clusters; a handful keeps a one-machine broker's
     * start and the first group join and transaction fast.
     */
    private static final String INTERNAL_TOPIC_PARTITIONS = "4";
    /** Kafka's defaults are 9 s and 2 s; a third of the session still leaves room for two late heartbeats. */
    private static final String BROKER_SESSION_TIMEOUT_MS = "3000";
    private static final String BROKER_HEARTBEAT_INTERVAL_MS = "1000";

    private BrokerProperties() {
    }

    static Properties of(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port
                + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());

        p.setProperty("default.replication.factor", SINGLE_REPLICA);
        p.setProperty("min.insync.replicas", SINGLE_REPLICA);
        p.setProperty("offsets.topic.replication.factor", SINGLE_REPLICA);
        p.setProperty("transaction.state.log.replication.factor", SINGLE_REPLICA);
        p.setProperty("transaction.state.log.min.isr", SINGLE_REPLICA);
        p.setProperty("share.coordinator.state.topic.replication.factor", SINGLE_REPLICA);
        p.setProperty("share.coordinator.state.topic.min.isr", SINGLE_REPLICA);
        p.setProperty("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
        p.setProperty("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);

        // a broker restarted after a crash is refused (DUPLICATE_BROKER_REGISTRATION) until its previous incarnation's
        // session at the controller expires: 9 s by default, most of the time a crash restart took. The controller
        // is in the same process and heartbeats cross loopback, so a short session costs nothing
        p.setProperty("broker.session.timeout.ms", BROKER_SESSION_TIMEOUT_MS);
        p.setProperty("broker.heartbeat.interval.ms", BROKER_HEARTBEAT_INTERVAL_MS);

        // consumers join immediately instead of waiting 3 s for more members: the fleet starts and tests run faster
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // every topic comes from Topics.all() via TopicInitializer, so a typo in a topic name fails loudly
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }
}
