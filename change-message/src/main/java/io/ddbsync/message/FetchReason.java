package io.ddbsync.message;

/** Why a {@link Fetch} was emitted instead of an {@link Upsert}. */
public enum FetchReason {
  KEYS_ONLY,
  OLD_IMAGE,
  TOO_LARGE
}
