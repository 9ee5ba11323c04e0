package com.cyclefleet.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * Everything configurable about the coordinator, under the {@code cyclefleet.} prefix. Defaults live in
 * {@code application.properties}; MicroProfile Config maps environment variables onto these names
 * ({@code CYCLEFLEET_KAFKA_BOOTSTRAP} is {@code cyclefleet.kafka.bootstrap}, {@code CYCLEFLEET_S3_ENDPOINT} is
 * {@code cyclefleet.s3.endpoint}, and so on).
 */
@ConfigMapping(prefix = "cyclefleet")
public interface CoordinatorConfig {

    Kafka kafka();

    S3 s3();

    Uploads uploads();

    Translation translation();

    Jobs jobs();

    Training training();

    Sse sse();

    Workers workers();

    Readiness readiness();

    Datasets datasets();

    interface Datasets {
        /** Thumbnails per domain a dashboard page may ask for; each is one image the coordinator serves. */
        @WithName("max-thumbnails")
        int maxThumbnails();
    }

    interface Workers {
        /**
         * How long after its last heartbeat a worker counts as gone, and its running chunk as STALLED. A few of the
         * workers' heartbeat intervals, so one lost heartbeat does not count.
         */
        @WithName("heartbeat-timeout")
        Duration heartbeatTimeout();
    }

    interface Readiness {
        /** Bound of one probe of Kafka or the object store; readiness answers within about twice this. */
        @WithName("probe-timeout")
        Duration probeTimeout();

        /** How long a probe's result is reused, so frequent readiness polls do not each hit Kafka and S3. */
        @WithName("cache-for")
        Duration cacheFor();
    }

    interface Kafka {
        /** bootstrap.servers */
        String bootstrap();

        /** transactional.id of the coordinator's producer; one coordinator instance per id. */
        @WithName("transactional-id")
        String transactionalId();

        /** Create the topics of {@code Topics.all()} that are missing at start. */
        @WithName("create-topics")
        boolean createTopics();

        /** How long a publish (one transaction) may take before the request fails with 503. */
        @WithName("publish-timeout")
        Duration publishTimeout();

        /** How long the start-up replay of the topics may take. */
        @WithName("replay-timeout")
        Duration replayTimeout();

        /** Poll timeout of the state-folding consumer; bounds how long it takes to notice a shutdown. */
        @WithName("poll-timeout")
        Duration pollTimeout();

        /** How long a request waits for its own published records to be folded into the state. */
        @WithName("read-your-writes-timeout")
        Duration readYourWritesTimeout();

        /** How many queued publications one transaction may carry at most. */
        @WithName("max-messages-per-transaction")
        int maxMessagesPerTransaction();
    }

    interface S3 {
        String endpoint();

        @WithName("access-key")
        String accessKey();

        @WithName("secret-key")
        String secretKey();

        String bucket();

        String region();

        /** Lifetime of presigned sample-image URLs. */
        @WithName("presign-validity")
        Duration presignValidity();
    }

    interface Uploads {
        /** Largest accepted image, in bytes (dataset uploads and translations). */
        @WithName("max-image-bytes")
        long maxImageBytes();

        /** Largest accepted zip of images or weights, in bytes. */
        @WithName("max-archive-bytes")
        long maxArchiveBytes();

        /** Largest accepted number of entries in an uploaded zip. */
        @WithName("max-archive-entries")
        int maxArchiveEntries();

        /**
         * Largest uncompressed-to-compressed size ratio of one zip entry. Images are compressed already and barely
         * shrink in a zip; an entry that does shrink this much is a zip bomb.
         */
        @WithName("max-compression-ratio")
        int maxCompressionRatio();

        /**
         * Most pixels (width x height) of one image, read from its header before decoding; empty means the
         * fleet-wide {@code PixelBudget.DEFAULT_MAX_PIXELS} the workers use as well.
         */
        @WithName("max-pixels")
        java.util.OptionalLong maxPixels();
    }

    interface Translation {
        /** How long a synchronous translation waits before answering 504. */
        @WithName("sync-timeout")
        Duration syncTimeout();

        /** Direction used when a request names none: AtoB or BtoA. */
        @WithName("default-direction")
        String defaultDirection();

        /** Image file extensions a batch translation picks up under its input prefix. */
        @WithName("batch-extensions")
        java.util.List<String> batchExtensions();

        /** Upper bound on images in one batch translation. */
        @WithName("max-batch-size")
        int maxBatchSize();
    }

    interface Sse {
        /**
         * How often an idle event stream sends a comment line, so proxies and clients that drop silent connections
         * keep it open while a job trains or a translation waits.
         */
        @WithName("keep-alive")
        Duration keepAlive();
    }

    interface Jobs {
        @WithName("default-chunk-iterations")
        long defaultChunkIterations();

        @WithName("default-chunk-max-seconds")
        long defaultChunkMaxSeconds();
    }

    /**
     * How a job trains where its request says nothing beyond the hyper-parameters, whose defaults are
     * {@code TrainingParameters.defaults()} (in formats) and nowhere else.
     */
    interface Training {
        /** Iterations between sample grids when a job gives no {@code hyperParameters.sampleEvery}. */
        @WithName("sample-every")
        int sampleEvery();
    }
}
