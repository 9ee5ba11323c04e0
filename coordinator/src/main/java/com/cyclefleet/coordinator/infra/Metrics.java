package com.cyclefleet.coordinator.infra;

import com.cyclefleet.coordinator.kafka.EventLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Gauges over the folded state, at /q/metrics. */
@ApplicationScoped
public class Metrics {

    @Inject
    MeterRegistry registry;

    @Inject
    Fleet fleet;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("cyclefleet_state_records_applied", fleet, f -> f.state().appliedCount()).register(registry);
        Gauge.builder("cyclefleet_jobs", fleet, f -> f.state().jobs().size()).register(registry);
        Gauge.builder("cyclefleet_translations", fleet, f -> f.state().translationCount()).register(registry);
        Gauge.builder("cyclefleet_state_records_skipped", fleet,
                f -> f.log().map(EventLog::skippedRecords).orElse(0L)).register(registry);
    }
}
