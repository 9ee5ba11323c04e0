package com.cyclefleet.launcher;

import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Model ids that land on distinct partitions of the translate-task topic. Tasks are keyed by model id, so one
 * model's requests all go to one partition and one worker; a bench of N workers needs models on partitions that N
 * workers share out, and one model per partition balances any assignment.
 */
final class PartitionSpread {

    /** Tried names per partition before giving up: murmur2 spreads far better than that. */
    private static final int MAX_TRIES = 10_000;

    private PartitionSpread() {
    }

    /** {@code count} ids {@code prefix-<n>}, each on its own partition (count at most the topic's partitions). */
    static List<String> modelIds(String prefix, int count) {
        int partitions = Topics.TRANSLATE_TASK_PARTITIONS;
        if (count < 1 || count > partitions) {
            throw new IllegalArgumentException("need 1.." + partitions + " models, was " + count);
        }
        boolean[] taken = new boolean[partitions];
        List<String> ids = new ArrayList<>();
        for (int n = 0; ids.size() < count && n < MAX_TRIES * partitions; n++) {
            String id = prefix + "-" + n;
            int p = partitionOf(id, partitions);
            if (!taken[p]) {
                taken[p] = true;
                ids.add(id);
            }
        }
        if (ids.size() < count) {
            throw new IllegalStateException("found only " + ids.size() + " of " + count + " model ids on distinct "
                    + "partitions");
        }
        return ids;
    }

    /** The Kafka producer's default partition of a key (murmur2 of its bytes, as BuiltInPartitioner computes it). */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
