package io.ddbsync.cli.shared.compare;

/** A document's address: index and id. */
public record DocumentKey(String index, String id) implements Comparable<DocumentKey> {
  @Override
  public int compareTo(DocumentKey other) {
    int byIndex = index.compareTo(other.index);
    return byIndex != 0 ? byIndex : id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return index + "/" + id;
  }
}
