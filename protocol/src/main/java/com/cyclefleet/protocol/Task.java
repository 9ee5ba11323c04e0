package com.cyclefleet.protocol;

/** Work the coordinator hands to a worker. */
public sealed interface Task extends Message permits TrainChunkTask, TranslateTask, EvaluateTask {
}
