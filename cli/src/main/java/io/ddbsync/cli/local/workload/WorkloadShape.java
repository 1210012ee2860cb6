package io.ddbsync.cli.local.workload;

import io.ddbsync.item.stream.ViewType;

/**
 * What a generated workload exercises beyond plain inserts, updates, deletes and TTL expiries.
 *
 * @param poison share of updates that add a map nested deeper than any index takes (genuine poison)
 * @param drift share of items whose attributes take other types, change by change
 * @param moves share of updates of orders and order lines that change {@code entityType}, the routing
 *     attribute: an order becomes a {@code Quote} (a type no route names) and back, an order line an
 *     {@code Order} and back
 * @param oversize share of items that carry a {@code notes} text of {@code oversizeBytes} for their whole
 *     life: above the enrichment's message budget, they go through the fetch path
 * @param oversizeBytes the size of that text; 0 without oversize items
 * @param viewType the records carry the images this stream view type carries, as DynamoDB writes them
 */
public record WorkloadShape(double poison, double drift, double moves, double oversize, int oversizeBytes, ViewType viewType) {

  /** DynamoDB items are at most 400 KB; the text leaves room for the item's other attributes. */
  public static final int MAX_OVERSIZE_BYTES = 380_000;

  public static WorkloadShape plain(double poison, double drift) {
    return new WorkloadShape(poison, drift, 0, 0, 0, ViewType.NEW_AND_OLD_IMAGES);
  }

  public WorkloadShape {
    for (double share : new double[] {poison, drift, moves, oversize}) {
      if (share < 0 || share > 1) {
        throw new IllegalArgumentException("a workload share must be between 0 and 1, not " + share);
      }
    }
    if (oversize > 0 && (oversizeBytes < 1 || oversizeBytes > MAX_OVERSIZE_BYTES)) {
      throw new IllegalArgumentException("oversize items need a text of 1 to " + MAX_OVERSIZE_BYTES
          + " bytes (a DynamoDB item is at most 400 KB), not " + oversizeBytes);
    }
  }
}
