package com.cyclefleet.worker.translate;

import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Event;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageTypes;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.StorageException;
import com.cyclefleet.worker.WorkerConfig;
import com.cyclefleet.worker.kafka.TaskLoop;
import com.cyclefleet.worker.ops.LoopStatus;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes translate tasks, up to {@code CYCLEFLEET_TRANSLATE_MAX_BATCH} per poll. The records of one poll are
 * grouped by (model, version, direction); each group is one batch through the generator. All results of the poll
 * (TranslationDone / TranslationFailed per request, dead letters) and the consumed offsets go out in one
 * transaction: each request gets exactly one result even if the worker dies half-way.
 */
public final class TranslateLoop extends TaskLoop {

    public static final String ROLE = "translate";

    private static final Logger LOG = LoggerFactory.getLogger(TranslateLoop.class);

    private final BatchTranslator translator;

    public TranslateLoop(WorkerConfig config, BatchTranslator translator, Metrics metrics, LoopStatus status) {
        super(config, Topics.TRANSLATE_WORKERS_GROUP, Topics.TRANSLATE_TASKS, ROLE, config.translateMaxBatch(),
                metrics, status);
        this.translator = translator;
    }

    private record Group(String modelId, int version, Direction direction) {
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        List<ConsumerRecord<String, byte[]>> consumed = linger(listOf(records));
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<String> deadLetterReasons = new ArrayList<>();
        Map<Group, List<TranslateTask>> groups = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : consumed) {
            String reason;
            try {
                Message message = codec.decode(record.value());
                if (message instanceof TranslateTask task) {
                    groups.computeIfAbsent(new Group(task.modelId(), task.modelVersion(), task.direction()),
                            g -> new ArrayList<>()).add(task);
                    continue;
                }
                reason = "expected a " + MessageTypes.nameOf(TranslateTask.class) + " on " + record.topic()
                        + ", got a " + MessageTypes.nameOf(message);
            } catch (MalformedMessageException e) {
                reason = e.reason();
            }
            out.add(deadLetterRecord(record, reason));
            deadLetterReasons.add(record.topic() + "-" + record.partition() + "@" + record.offset() + " key "
                    + record.key() + ": " + reason);
        }

        List<Event> events = new ArrayList<>();
        try {
            int max = config.translateMaxBatch();
            for (Map.Entry<Group, List<TranslateTask>> e : groups.entrySet()) {
                Group g = e.getKey();
                List<TranslateTask> tasks = e.getValue();
                for (int from = 0; from < tasks.size(); from += max) {
                    events.addAll(translator.translate(g.modelId(), g.version(), g.direction(),
                            tasks.subList(from, Math.min(tasks.size(), from + max))));
                }
            }
        } catch (StorageException e) {
            LOG.warn("object store unreachable; {} translate records will be consumed again after {} ms: {}",
                    consumed.size(), config.retryBackoff().toMillis(), e.getMessage());
            metrics.task(Metrics.KIND_TRANSLATE, Metrics.RETRIED);
            rewind(consumed);
            backoff();
            return;
        }
        for (Event event : events) {
            out.add(recordOf(event));
        }
        long committing = System.nanoTime();
        boolean committed = commit(out, consumed);
        long end = System.nanoTime();
        if (committed) {
            report(events, deadLetterReasons);
        }
        long[] phases = translator.takeTimings();
        long oldest = 0;
        for (List<TranslateTask> tasks : groups.values()) {
            for (TranslateTask task : tasks) {
                oldest = Math.max(oldest, now - task.submittedAtMillis());
            }
        }
        LOG.info("translate poll of {} records: waited up to {} ms since submission; S3 get {} ms, translate {} ms, "
                        + "S3 put {} ms, commit {} ms, total {} ms", consumed.size(), oldest, phases[0], phases[1],
                phases[2], (end - committing) / 1_000_000, (end - start) / 1_000_000);
    }

    /**
     * Requests that arrive together are translated together: once a poll returned some, keep polling for up to
     * {@code CYCLEFLEET_TRANSLATE_LINGER_MS} while fewer than the max batch are at hand. (Translate tasks are keyed
     * by model id, so one model's requests are on one partition, in order.)
     */
    private List<ConsumerRecord<String, byte[]>> linger(List<ConsumerRecord<String, byte[]>> consumed) {
        long lingerNanos = config.translateLinger().toNanos();
        if (lingerNanos == 0 || consumed.size() >= config.translateMaxBatch()) {
            return consumed;
        }
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(consumed);
        long deadline = System.nanoTime() + lingerNanos;
        long left;
        while (!stopping() && all.size() < config.translateMaxBatch()
                && (left = deadline - System.nanoTime()) > 0) {
            ConsumerRecords<String, byte[]> more = poll(Duration.ofNanos(left));
            more.forEach(all::add);
        }
        return all;
    }

    private void report(List<Event> events, List<String> deadLetterReasons) {
        for (String reason : deadLetterReasons) {
            metrics.task(Metrics.KIND_TRANSLATE, Metrics.DEAD_LETTER);
            LOG.warn("dead-lettered record {}", reason);
        }
        for (Event event : events) {
            if (event instanceof TranslationDone done) {
                metrics.task(Metrics.KIND_TRANSLATE, Metrics.DONE);
                LOG.info("translation {} done: model {} -> {} in a batch of {}, latency {} ms", done.requestId(),
                        done.modelId(), done.outputKey(), done.batchSize(), done.latencyMs());
            } else if (event instanceof TranslationFailed failed) {
                metrics.task(Metrics.KIND_TRANSLATE, Metrics.FAILED);
                LOG.warn("translation {} failed: {}", failed.requestId(), failed.reason());
            }
        }
    }
}
