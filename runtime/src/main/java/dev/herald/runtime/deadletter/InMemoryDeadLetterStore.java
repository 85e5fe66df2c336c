package dev.herald.runtime.deadletter;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link DeadLetterStore}: bounded, in memory, oldest first. When full it drops the oldest
 * letter and logs an ERROR naming it, because a dropped dead letter is a lost event; use a durable
 * store where that matters.
 */
final class InMemoryDeadLetterStore implements DeadLetterStore {

  private static final Logger log = LoggerFactory.getLogger(InMemoryDeadLetterStore.class);

  private final int capacity;
  private final LinkedHashMap<String, DeadLetter> letters = new LinkedHashMap<>();
  private long dropped;

  InMemoryDeadLetterStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Dead-letter store capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void add(DeadLetter letter) {
    letters.put(letter.id(), letter);
    if (letters.size() > capacity) {
      Iterator<DeadLetter> oldest = letters.values().iterator();
      DeadLetter lost = oldest.next();
      oldest.remove();
      dropped++;
      log.error("In-memory dead-letter store is full ({} letters): dropped the oldest, {} of event {}"
              + " ({}) for {}; {} dropped so far. Raise its capacity, replay or purge letters, or use"
              + " a durable store.", capacity, lost.id(), lost.envelope().id(),
          lost.envelope().type(), lost.subscriber(), dropped);
    }
  }

  @Override
  public synchronized List<DeadLetter> list(DeadLetterQuery query) {
    DeadLetterQuery.Page page = query.newPage();
    for (DeadLetter letter : letters.values()) {
      if (query.matches(letter) && !page.offer(letter)) {
        break;
      }
    }
    return page.letters();
  }

  @Override
  public synchronized Optional<DeadLetter> get(String id) {
    return Optional.ofNullable(letters.get(id));
  }

  @Override
  public synchronized boolean delete(String id) {
    return letters.remove(id) != null;
  }

  @Override
  public synchronized int purge(DeadLetterQuery query) {
    int before = letters.size();
    letters.values().removeIf(query::matches);
    return before - letters.size();
  }

  @Override
  public synchronized long count(DeadLetterQuery query) {
    return letters.values().stream().filter(query::matches).count();
  }

  /** Letters dropped because the store was full. */
  synchronized long dropped() {
    return dropped;
  }

  @Override
  public String toString() {
    return "InMemoryDeadLetterStore[capacity " + capacity + "]";
  }
}
