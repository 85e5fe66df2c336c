/** The event contracts of herald-web's tests. */
@EventContracts
package dev.herald.web.events;

import dev.herald.annotations.EventContracts;
