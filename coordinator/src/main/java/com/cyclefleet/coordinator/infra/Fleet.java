package com.cyclefleet.coordinator.infra;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.kafka.KafkaSettings;
import com.cyclefleet.coordinator.kafka.PublishException;
import com.cyclefleet.coordinator.kafka.Publisher;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.coordinator.state.StateFolder;
import com.cyclefleet.coordinator.state.WorkerLiveness;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.TopicSpec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's connections and state: the object store, the transactional publisher and the state folded from
 * the topics. Started before the HTTP API serves (the start-up observer blocks until the history is replayed).
 */
@ApplicationScoped
public class Fleet {

    private static final Logger LOG = Logger.getLogger(Fleet.class);
    /** Observer priority: before anything else that reacts to start-up (the job-done reactor). */
    static final int START_PRIORITY = 10;

    @Inject
    CoordinatorConfig config;

    private final MessageCodec codec = new MessageCodec();
    private FleetState state;
    private volatile ObjectStore store;
    private volatile StateFolder folder;
    private volatile Publisher publisher;

    @PostConstruct
    void init() {
        state = new FleetState(new WorkerLiveness(Clock.systemUTC(), config.workers().heartbeatTimeout()));
    }

    void onStart(@Observes @Priority(START_PRIORITY) StartupEvent event) throws InterruptedException {
        long started = System.nanoTime();
        CoordinatorConfig.S3 s3 = config.s3();
        store = ObjectStore.connect(new StorageConfig(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(),
                s3.region()));
        store.ensureBucket();
        String bootstrap = config.kafka().bootstrap();
        if (config.kafka().createTopics()) {
            createMissingTopics(bootstrap);
        }
        folder = new StateFolder(KafkaSettings.stateConsumer(bootstrap,
                "cyclefleet-coordinator-state-" + UUID.randomUUID()), state, codec, config.kafka().pollTimeout());
        folder.start();
        folder.awaitReplayed(config.kafka().replayTimeout());
        publisher = new Publisher(KafkaSettings.producer(bootstrap, config.kafka().transactionalId()), codec,
                config.kafka().maxMessagesPerTransaction());
        LOG.infof("coordinator ready in %d ms: %d records replayed from %s (Kafka %s, S3 %s bucket %s)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), state.appliedCount(), StateFolder.TOPICS,
                bootstrap, s3.endpoint(), s3.bucket());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (publisher != null) {
            publisher.close();
        }
        if (folder != null) {
            folder.close();
        }
        if (store != null) {
            store.close();
        }
    }

    public ObjectStore store() {
        return store;
    }

    public FleetState state() {
        return state;
    }

    public boolean isReady() {
        return folder != null && folder.isReplayed() && folder.isHealthy() && publisher != null;
    }

    public Optional<StateFolder> folder() {
        return Optional.ofNullable(folder);
    }

    /**
     * Publishes the messages in one transaction and waits until the state shows them, so the caller's next read
     * sees its own write. Once this returns, the messages are durably accepted.
     *
     * @throws PublishException when Kafka did not commit them (then nothing of them is visible)
     */
    public void publish(List<? extends Message> messages) {
        Publisher.Written written = publisher.publishAndWait(List.copyOf(messages), config.kafka().publishTimeout());
        try {
            if (!folder.awaitApplied(written.offsets(), config.kafka().readYourWritesTimeout())) {
                LOG.warnf("published %d messages but the state did not show them within %s", messages.size(),
                        config.kafka().readYourWritesTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void publish(Message... messages) {
        publish(List.of(messages));
    }

    private static void createMissingTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            for (TopicSpec spec : Topics.all()) {
                if (existing.contains(spec.name())) {
                    continue;
                }
                NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                        .configs(spec.configs());
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    LOG.infof("created topic %s (%d partitions)", spec.name(), spec.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + spec.name() + " at " + bootstrap
                                + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics at " + bootstrap + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
