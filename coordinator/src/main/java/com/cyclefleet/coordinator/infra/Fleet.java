package com.cyclefleet.coordinator.infra;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.kafka.EventLog;
import com.cyclefleet.coordinator.kafka.PublishException;
import com.cyclefleet.coordinator.kafka.StateConsumer;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.coordinator.state.WorkerLiveness;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's connections and state: the object store, the topics ({@link EventLog}) and the state folded from
 * them. Started before the HTTP API serves (the start-up observer blocks until the history is replayed).
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
    private volatile EventLog log;

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
        log = EventLog.open(config.kafka(), state, codec);
        LOG.infof("coordinator ready in %d ms: %d records replayed from %s (Kafka %s, S3 %s bucket %s)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), state.appliedCount(), StateConsumer.TOPICS,
                config.kafka().bootstrap(), s3.endpoint(), s3.bucket());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (log != null) {
            log.close();
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
        return log != null && log.isReady();
    }

    /** The topics as the coordinator sees them; empty until start-up has replayed the history. */
    public Optional<EventLog> log() {
        return Optional.ofNullable(log);
    }

    /**
     * Publishes the messages in one transaction and waits until the state shows them, so the caller's next read
     * sees its own write. Once this returns, the messages are durably accepted.
     *
     * @throws PublishException when Kafka did not commit them (then nothing of them is visible)
     */
    public void publish(List<? extends Message> messages) {
        log.publish(List.copyOf(messages));
    }

    public void publish(Message... messages) {
        publish(List.of(messages));
    }
}
