package com.cyclefleet.coordinator.api;

/** Every error response: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
