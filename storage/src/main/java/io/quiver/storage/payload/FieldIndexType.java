package io.quiver.storage.payload;

/** What a payload field index answers; every type also answers exists / is_null. */
public enum FieldIndexType {
  /** match / match_any / match_except on keywords. */
  KEYWORD,
  /** match / match_any / match_except on integers, and ranges (integers and doubles). */
  INTEGER,
  /** Ranges over integers and doubles (the same structure as INTEGER). */
  FLOAT,
  /** match on bools. */
  BOOL,
  /** Full-text token postings. */
  TEXT;

  boolean numeric() {
    return this == INTEGER || this == FLOAT;
  }
}
