package dev.herald.runtime.spi;

/**
 * For transport implementations: the consumer group whose letters a transport's dead-letter store
 * lists. Only that service's subscribers can replay a letter, so a store is scoped to one group,
 * either configured or the one its transport joins when it starts; a store scoped to none lists
 * every group's letters. Thread-safe.
 */
public final class DeadLetterScope {

  private volatile String group;

  /** Scoped to {@code group}, or, if it is null, to none until {@link #join} names one. */
  public DeadLetterScope(String group) {
    this.group = group;
  }

  /** The group, or null for every group. */
  public String group() {
    return group;
  }

  /** Scopes to the group the transport joined, unless a group was configured. */
  public void join(String joined) {
    if (group == null) {
      group = joined;
    }
  }

  /** Whether a letter written for {@code letterGroup} is listed. */
  public boolean includes(String letterGroup) {
    String scope = group;
    return scope == null || scope.equals(letterGroup);
  }

  /** The group to write on a letter this store adds: the group, or "" for none. */
  public String letterGroup() {
    String scope = group;
    return scope == null ? "" : scope;
  }

  @Override
  public String toString() {
    String scope = group;
    return scope == null ? "every group" : "group " + scope;
  }
}
