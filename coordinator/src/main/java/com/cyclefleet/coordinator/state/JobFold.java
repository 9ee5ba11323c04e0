package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.JobCancelled;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.codec.Envelope;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training jobs, folded from their events and from the resume tasks that answer their failures. Guarded by the
 * {@link FleetState} lock.
 */
final class JobFold {

    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    /** Per job: how many of its failures a resume task has answered (see {@link TrainChunkTask#resumesFailures()}). */
    private final Map<String, Integer> resumesAnswered = new HashMap<>();
    private final Map<String, Instant> resumedAt = new HashMap<>();

    void fold(Envelope d) {
        Instant at = d.timestamp();
        Message m = d.payload();
        if (m instanceof JobAccepted a) {
            JobState job = jobs.computeIfAbsent(a.jobId(), id -> new JobState(id, a.modelId(), a.datasetName(),
                    a.dataset(), a.spec(), a.chunkIterations(), a.chunkMaxSeconds(), a.fineTune(), a.holdOut(), at));
            record(job, d);
        } else if (m instanceof TrainChunkTask t) {
            // tasks and events are on different topics, so a resume task may be read before the job's JobAccepted:
            // keep what it answers by job id, independent of the job's existence
            if (t.fromResume()) {
                resumesAnswered.merge(t.jobId(), t.resumesFailures(), Math::max);
                resumedAt.merge(t.jobId(), at, (x, y) -> x.isAfter(y) ? x : y);
            }
        } else if (m instanceof ChunkStarted c) {
            withJob(c.jobId(), d, job -> {
                // a late-read start of a chunk already done (a redo) does not make it run again
                if (c.chunkIndex() > job.lastChunkIndex && !job.done) {
                    job.running = new Views.RunningChunkView(c.chunkIndex(), c.startIteration(), c.workerId(), at);
                }
            });
        } else if (m instanceof ChunkDone c) {
            withJob(c.jobId(), d, job -> {
                if (job.running != null && c.chunkIndex() >= job.running.chunkIndex()) {
                    job.running = null;
                }
                if (c.iteration() >= job.iteration) {
                    job.iteration = c.iteration();
                    job.epoch = c.epoch();
                    job.lr = c.lr();
                    job.losses = c.losses();
                    job.msPerIteration = c.msPerIteration();
                }
                job.lastChunkIndex = Math.max(job.lastChunkIndex, c.chunkIndex());
                job.chunksDone++;
            });
        } else if (m instanceof CheckpointWritten c) {
            withJob(c.jobId(), d, job -> job.checkpoints.put(c.iteration(), c.key()));
        } else if (m instanceof SamplesWritten s) {
            withJob(s.jobId(), d, job -> job.samples.put(s.iteration(), s.keys()));
        } else if (m instanceof JobDone done) {
            withJob(done.jobId(), d, job -> {
                job.done = true;
                job.running = null;
                job.iteration = Math.max(job.iteration, done.iterations());
                job.finalCheckpointKey = done.finalCheckpointKey();
                job.checkpoints.putIfAbsent(done.iterations(), done.finalCheckpointKey());
                job.bundleKey = done.bundleKey();
            });
        } else if (m instanceof JobFailed f) {
            withJob(f.jobId(), d, job -> {
                job.running = null;
                job.failures++;
                job.failureReason = f.reason();
            });
        } else if (m instanceof JobCancelled c) {
            withJob(c.jobId(), d, job -> {
                job.cancelled = true;
                job.running = null;
            });
        }
    }

    private void withJob(String jobId, Envelope d, Consumer<JobState> change) {
        JobState job = jobs.get(jobId);
        if (job == null) {
            // an event for a job this history does not know (accepted on another deployment): nothing to attach to
            return;
        }
        change.accept(job);
        touch(job, d.timestamp());
        record(job, d);
    }

    private static void touch(JobState job, Instant at) {
        if (at.isAfter(job.updatedAt)) {
            job.updatedAt = at;
        }
    }

    private static void record(JobState job, Envelope d) {
        job.events.add(new JobState.JobEvent(d.id(), d.type(), d.timestamp(), d.payload()));
    }

    /** In acceptance order as read. */
    Collection<JobState> all() {
        return jobs.values();
    }

    /** @return null for a job this history does not know */
    JobState get(String jobId) {
        return jobs.get(jobId);
    }

    /** The job's status as its own events and the resumes tell it (without the liveness of its chunk's worker). */
    JobState.Status foldedStatus(JobState job) {
        return job.status(resumesAnswered.getOrDefault(job.jobId, 0));
    }

    /** The latest of its last event and its last resume. */
    Instant updatedAt(JobState job) {
        Instant resumed = resumedAt.get(job.jobId);
        return resumed != null && resumed.isAfter(job.updatedAt) ? resumed : job.updatedAt;
    }
}
