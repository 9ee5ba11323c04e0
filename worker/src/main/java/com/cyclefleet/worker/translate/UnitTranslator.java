package com.cyclefleet.worker.translate;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The engine thread of the translate pipeline: takes units from the intake, translates each (model, version,
 * direction) group of a unit as one batch, and hands the unit to the commit thread while its outputs are still
 * being stored, so the next unit translates while the previous one is stored and committed.
 */
final class UnitTranslator implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitTranslator.class);

    private final TranslateIntake intake;
    private final BatchTranslator translator;
    private final UnitCommitter committer;
    private final PipelineFault fault;
    private final int maxBatch;
    private final Duration linger;
    /** Tells the loop thread a unit was taken (it may resume polling) or a fault was raised. */
    private final Runnable onTaken;

    UnitTranslator(TranslateIntake intake, BatchTranslator translator, UnitCommitter committer, PipelineFault fault,
                   int maxBatch, Duration linger, Runnable onTaken) {
        this.intake = intake;
        this.translator = translator;
        this.committer = committer;
        this.fault = fault;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.onTaken = onTaken;
    }

    private record Group(String modelId, int version, Direction direction) {
    }

    @Override
    public void run() {
        try {
            List<IntakeItem> items;
            while ((items = intake.take(maxBatch, linger)) != null) {
                try {
                    onTaken.run();
                    if (fault.raised()) {
                        // consumed again after the loop rewinds
                        items.forEach(IntakeItem::discard);
                        continue;
                    }
                    committer.submit(translate(items));
                } catch (StorageException e) {
                    LOG.warn("object store unavailable while translating {} records; they will be consumed again "
                            + "after the retry backoff: {}", items.size(), e.getMessage());
                    items.forEach(IntakeItem::discard);
                    fault.raise("object store unavailable: " + e.getMessage(), true);
                    onTaken.run();
                } catch (RuntimeException | Error e) {
                    fault.fatal(new IllegalStateException("the translate engine thread failed: " + e, e));
                    onTaken.run();
                    return;
                } finally {
                    intake.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Translates a unit's groups and starts storing the outputs; on the engine thread, or on the loop thread while
     * the engine is held.
     *
     * @throws StorageException (transient) when the store could not serve: the unit must be consumed again
     */
    TranslationUnit translate(List<IntakeItem> items) {
        long start = System.nanoTime();
        Map<Group, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            TranslateTask task = items.get(i).task();
            if (task != null) {
                groups.computeIfAbsent(new Group(task.modelId(), task.modelVersion(), task.direction()),
                        g -> new ArrayList<>()).add(i);
            }
        }
        BatchTranslator.PendingResult[] results = new BatchTranslator.PendingResult[items.size()];
        for (Map.Entry<Group, List<Integer>> e : groups.entrySet()) {
            Group g = e.getKey();
            List<TranslateTask> tasks = new ArrayList<>();
            List<Future<FloatImage>> inputs = new ArrayList<>();
            for (int i : e.getValue()) {
                tasks.add(items.get(i).task());
                inputs.add(items.get(i).input());
            }
            List<BatchTranslator.PendingResult> groupResults = translator.translate(g.modelId(), g.version(),
                    g.direction(), tasks, inputs);
            for (int j = 0; j < tasks.size(); j++) {
                results[e.getValue().get(j)] = groupResults.get(j);
            }
        }
        return new TranslationUnit(List.copyOf(items), Arrays.asList(results), System.nanoTime() - start,
                groups.size());
    }
}
