package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Images were added to (or registered for) one domain of a dataset. The coordinator publishes this itself because
 * the S3 server may not support bucket notifications.
 *
 * @param dataset the dataset's name
 * @param domain  the domain that changed
 * @param key     object key of the image (or the prefix, when an existing prefix was registered)
 * @param count   number of images in the domain after the change
 */
@JsonTypeName("DatasetChanged")
public record DatasetChanged(String dataset, Domain domain, String key, long count) implements Event {

    public DatasetChanged {
        Require.text(dataset, "dataset");
        Require.present(domain, "domain");
        Require.text(key, "key");
        Require.atLeast(count, 0, "count");
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
