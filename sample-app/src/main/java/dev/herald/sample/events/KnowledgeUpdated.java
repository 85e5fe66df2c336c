package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A page of the hotel's knowledge base was created, changed or deleted. */
@Event("knowledge:updated")
public record KnowledgeUpdated(String path, Action action, String updatedBy, int version) {

  /** What happened to the page. */
  public enum Action {
    CREATE,
    UPDATE,
    DELETE
  }
}
