package dev.herald.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last events an ingest endpoint took, so that a redelivery (a sender's retry after
 * a lost answer) is acknowledged without being published twice. Bounded: the oldest id is forgotten
 * first. A claim is atomic, so two concurrent deliveries of one id publish it once.
 */
final class RecentIds {

  private final Map<String, Boolean> ids;

  RecentIds(int capacity) {
    this.ids = new LinkedHashMap<>(Math.min(capacity, 4096) * 2, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Claims {@code source}'s event {@code id}; false if it was claimed before (a duplicate). */
  synchronized boolean claim(String source, String id) {
    return ids.putIfAbsent(key(source, id), Boolean.TRUE) == null;
  }

  /** Forgets a claim whose event could not be published, so that a retry is taken. */
  synchronized void release(String source, String id) {
    ids.remove(key(source, id));
  }

  private static String key(String source, String id) {
    return source + '\n' + id;
  }
}
