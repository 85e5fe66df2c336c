package dev.herald.sample.events;

import dev.herald.annotations.Event;

/**
 * A knowledge-base page was split and indexed for the AI engine.
 *
 * @param duration how long indexing took, in milliseconds
 */
@Event("knowledge:embedding:completed")
public record KnowledgeEmbeddingCompleted(String path, int chunksProcessed, long duration) {}
