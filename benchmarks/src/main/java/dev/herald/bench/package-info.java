/**
 * JMH benchmarks of Herald against the anchors of issue 4. {@code EventType} and {@code EventMap} of
 * the benchmark events are generated here.
 */
@EventContracts
package dev.herald.bench;

import dev.herald.annotations.EventContracts;
