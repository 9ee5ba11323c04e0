package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A translation could not be done.
 *
 * @param requestId the translation request
 * @param reason    what went wrong, for a human
 */
@JsonTypeName("TranslationFailed")
public record TranslationFailed(String requestId, String reason) implements Event {

    public TranslationFailed {
        Require.text(requestId, "requestId");
        Require.text(reason, "reason");
    }

    @Override
    public String partitionKey() {
        return requestId;
    }
}
