/** The hotel concierge's event contracts: the generated EventType, EventMap and catalog live here. */
@EventContracts
package dev.herald.sample.events;

import dev.herald.annotations.EventContracts;
