/**
 * Herald's public runtime API: {@link dev.herald.runtime.EventKey typed event keys},
 * {@link dev.herald.runtime.Envelope envelopes} and JSON {@link dev.herald.runtime.JsonLimits limits}.
 */
package dev.herald.runtime;
