/** The contracts herald-jdbc's tests publish and store. */
@EventContracts
package dev.herald.jdbc.contracts;

import dev.herald.annotations.EventContracts;
