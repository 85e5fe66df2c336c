/**
 * The annotations users put on their code: {@link dev.herald.annotations.Event} on payload records,
 * {@link dev.herald.annotations.Subscribe} on listener methods. This module has no dependencies.
 */
package dev.herald.annotations;
