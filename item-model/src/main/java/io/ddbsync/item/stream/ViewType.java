package io.ddbsync.item.stream;

/** A stream's {@code StreamViewType}: which images its records carry. */
public enum ViewType {
  KEYS_ONLY,
  NEW_IMAGE,
  OLD_IMAGE,
  NEW_AND_OLD_IMAGES
}
