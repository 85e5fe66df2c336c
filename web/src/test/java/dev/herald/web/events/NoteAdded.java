package dev.herald.web.events;

import dev.herald.annotations.Event;

/** Staff added a note; browsers may publish it. */
@Event("note:added")
public record NoteAdded(String author, String text) {}
