package dev.herald.runtime;

/** Makes envelope ids. The default makes {@code evt_} ids that sort by creation time. */
@FunctionalInterface
public interface IdGenerator {

  /** A new unique id, such as {@code evt_01JD6Z3Q8W3M0000000000000Z}. */
  String newId();
}
