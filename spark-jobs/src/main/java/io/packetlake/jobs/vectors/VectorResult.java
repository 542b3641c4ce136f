package io.packetlake.jobs.vectors;

/**
 * What a vectors run did.
 *
 * @param connectionVectorRows rows now in the rewritten {@code connection_vectors} partitions
 * @param activityVectorRows rows now in the rewritten {@code ip_activity_vectors} partitions
 * @param nameVectorRows rows now in the rewritten {@code name_vectors} partitions
 */
public record VectorResult(
    long connectionVectorRows, long activityVectorRows, long nameVectorRows) {}
