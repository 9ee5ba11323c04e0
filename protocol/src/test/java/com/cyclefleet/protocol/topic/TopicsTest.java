package com.cyclefleet.protocol.topic;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.SampleMessages;
import com.cyclefleet.protocol.TranslateTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopicsTest {

    @Test
    void listsEveryTopicOnceWithItsPartitions() {
        List<String> names = Topics.all().stream().map(TopicSpec::name).toList();

        assertEquals(List.of(Topics.TRAIN_TASKS, Topics.TRANSLATE_TASKS, Topics.EVENTS, Topics.DEAD_LETTER,
                Topics.HEARTBEATS), names);
        assertEquals(Topics.TRANSLATE_TASK_PARTITIONS, Topics.all().get(1).partitions());
        assertEquals("-1", Topics.all().get(2).configs().get("retention.ms"));
    }

    @Test
    void everyMessageHasATopicOfTheLayout() {
        Set<String> declared = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
        for (Message message : SampleMessages.all()) {
            assertEquals(true, declared.contains(Topics.topicFor(message)), message.toString());
        }
    }

    @Test
    void tasksAreKeyedByTheirUnitOfOrdering() {
        List<Message> samples = SampleMessages.all();
        assertEquals("job-1", Topics.keyFor(samples.get(0)));
        TranslateTask translate = samples.stream().filter(TranslateTask.class::isInstance)
                .map(TranslateTask.class::cast).findFirst().orElseThrow();
        assertEquals(translate.modelId(), Topics.keyFor(translate));
        assertEquals(Topics.TRANSLATE_TASKS, Topics.topicFor(translate));
    }

    @Test
    void consumerGroupsAreTheThreeRoles() {
        assertEquals(List.of("cyclefleet-train-workers", "cyclefleet-translate-workers", "cyclefleet-coordinator"),
                Topics.consumerGroups());
    }
}
