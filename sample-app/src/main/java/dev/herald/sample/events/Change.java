package dev.herald.sample.events;

/**
 * One field that changed, with its values as text (the seed's {@code any}).
 *
 * @param oldValue the value before, absent when the field was new
 * @param newValue the value after, absent when the field was removed
 */
public record Change(String field, @Nullable String oldValue, @Nullable String newValue) {}
