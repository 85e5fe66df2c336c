/**
 * The wire format: envelopes as {@link dev.herald.runtime.wire.CloudEvents CloudEvents 1.0} JSON,
 * decoded within {@link dev.herald.runtime.wire.JsonLimits limits}.
 */
package dev.herald.runtime.wire;
