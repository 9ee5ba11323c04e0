package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TrainingSpec;
import com.cyclefleet.protocol.WorkerHeartbeat;
import com.cyclefleet.protocol.codec.Envelope;
import com.cyclefleet.protocol.topic.Topics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job's running chunk is STALLED while its worker is gone, and RUNNING again once a worker starts it anew. */
class StalledJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MovableClock clock = new MovableClock(T0);
    private final FleetState state = new FleetState(new WorkerLiveness(clock, TIMEOUT));

    @Test
    void chunkOfASilentWorkerStallsAndAnotherWorkerResumesIt() {
        accept("job-1");
        heartbeat("w1", T0, T0);
        apply(new ChunkStarted("job-1", 0, 0, "w1"), T0.plusSeconds(1));
        clock.at(T0.plusSeconds(5));
        assertEquals(JobState.Status.RUNNING, status("job-1"));
        heartbeat("w1", T0, T0.plusSeconds(8));
        clock.at(T0.plusSeconds(17));
        assertEquals(JobState.Status.RUNNING, status("job-1"), "last heartbeat 9 s ago, within the 10 s timeout");
        assertEquals(1, state.aliveWorkers());

        clock.at(T0.plusSeconds(19));
        assertEquals(JobState.Status.STALLED, status("job-1"));
        assertEquals(0, state.aliveWorkers());
        assertFalse(state.workers().get(0).alive());

        heartbeat("w2", T0.plusSeconds(18), T0.plusSeconds(19));
        apply(new ChunkStarted("job-1", 0, 0, "w2"), T0.plusSeconds(19));
        assertEquals(JobState.Status.RUNNING, status("job-1"));
        assertEquals(1, state.aliveWorkers());
    }

    @Test
    void aWorkerRestartedUnderTheSameIdHasLostItsChunk() {
        accept("job-2");
        heartbeat("w1", T0, T0);
        apply(new ChunkStarted("job-2", 0, 0, "w1"), T0.plusSeconds(1));
        heartbeat("w1", T0.plusSeconds(3), T0.plusSeconds(4));
        clock.at(T0.plusSeconds(4));
        assertEquals(JobState.Status.STALLED, status("job-2"), "the new process did not start the chunk");
        assertTrue(state.workers().get(0).alive());

        apply(new ChunkStarted("job-2", 0, 0, "w1"), T0.plusSeconds(5));
        assertEquals(JobState.Status.RUNNING, status("job-2"));
    }

    @Test
    void aWorkerWithoutHeartbeatsIsJudgedByItsChunkStartOnly() {
        accept("job-3");
        apply(new ChunkStarted("job-3", 0, 0, "old-worker"), T0);
        clock.at(T0.plus(TIMEOUT));
        assertEquals(JobState.Status.RUNNING, status("job-3"));
        clock.at(T0.plus(TIMEOUT).plusSeconds(1));
        assertEquals(JobState.Status.STALLED, status("job-3"));
    }

    private JobState.Status status(String jobId) {
        return state.job(jobId).orElseThrow().status();
    }

    private void accept(String jobId) {
        TrainingParameters d = TrainingParameters.defaults();
        TrainingSpec spec = new TrainingSpec(new TrainingParameters(GeneratorArchitecture.RESNET_6BLOCKS, 8, 8,
                d.discriminatorLayers(), GanMode.LSGAN, 10.0, 10.0, 0.5, 50, 2e-4, 0.5, d.beta2(), d.adamEps(), 1, 1, 1,
                42L, 36, 32, d.flip(), ResizeMode.BICUBIC, ResizeMode.BICUBIC, d.serialBatches()), 100L, 50);
        apply(new JobAccepted(jobId, "d", new DatasetRef("b", "datasets/d/A/", "datasets/d/B/"), spec, 10, 60,
                "m-" + jobId, null, null), T0);
    }

    private void heartbeat(String workerId, Instant processStart, Instant at) {
        apply(new WorkerHeartbeat(workerId, List.of("train"), null, processStart.toEpochMilli(), 3_000), at);
    }

    private void apply(Message message, Instant at) {
        state.apply(Topics.topicFor(message), Envelope.wrap(message, at));
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
