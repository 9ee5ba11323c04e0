package com.cyclefleet.kafka;

import com.cyclefleet.protocol.topic.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of a layout (normally {@link com.cyclefleet.protocol.topic.Topics#all()}) that do not exist yet,
 * and checks that existing ones have the declared partition count. Safe to run on every start.
 */
public final class TopicInitializer {

    /** The replication factor on a one-broker cluster. */
    public static final short SINGLE_NODE_REPLICATION = 1;
    /** Admin calls against a live broker answer in milliseconds; this only bounds a broken setup. */
    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration LEADER_POLL = Duration.ofMillis(100);

    private static final System.Logger LOG = System.getLogger(TopicInitializer.class.getName());

    private final String bootstrapServers;

    public TopicInitializer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** {@link #ensureTopics(List, short)} with the broker's {@code default.replication.factor}. */
    public List<String> ensureTopics(List<TopicSpec> topics) {
        return ensureTopics(topics, Optional.empty());
    }

    /**
     * Creates the missing topics and returns their names.
     *
     * @throws IllegalStateException when an existing topic's partition count differs from its spec: the key to
     *                               partition mapping would differ from what producers expect
     */
    public List<String> ensureTopics(List<TopicSpec> topics, short replicationFactor) {
        return ensureTopics(topics, Optional.of(replicationFactor));
    }

    private List<String> ensureTopics(List<TopicSpec> topics, Optional<Short> replicationFactor) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.toIntExact(ADMIN_TIMEOUT.toMillis())))) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> created = new ArrayList<>();
            for (TopicSpec spec : topics) {
                if (existing.contains(spec.name())) {
                    checkPartitions(admin, spec);
                } else if (create(admin, spec, replicationFactor)) {
                    created.add(spec.name());
                }
            }
            awaitLeaders(admin, created);
            LOG.log(System.Logger.Level.INFO, "topics at {0}: created {1}, {2} already existed", bootstrapServers,
                    created, String.valueOf(topics.size() - created.size()));
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set up topics at " + bootstrapServers + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                    + ADMIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static boolean create(Admin admin, TopicSpec spec, Optional<Short> replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor)
                .configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                // another process created it between our list and create
                return false;
            }
            throw e;
        }
    }

    /**
     * A created topic is committed by the controller before the broker's metadata has it; wait until every
     * partition has a leader so the first producer or consumer does not meet UNKNOWN_TOPIC_OR_PARTITION.
     */
    private static void awaitLeaders(Admin admin, List<String> created)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (!created.isEmpty()) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(created).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (described.values().stream().allMatch(TopicInitializer::allPartitionsLed)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + created + " got no partition leaders within "
                        + ADMIN_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(LEADER_POLL.toMillis());
        }
    }

    private static boolean allPartitionsLed(TopicDescription topic) {
        return topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private static void checkPartitions(Admin admin, TopicSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(spec.name())).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(spec.name());
        int actual = description.partitions().size();
        if (actual != spec.partitions()) {
            throw new IllegalStateException("topic " + spec.name() + " has " + actual + " partitions but Topics "
                    + "declares " + spec.partitions() + "; delete the topic (or the dev stack's data folder) to recreate it");
        }
    }
}
