package dev.herald.web;

import java.net.InetSocketAddress;

/**
 * One connection to the bridge, as its {@link ConnectionListener} sees it.
 *
 * @param connectionId the bridge's id for the connection, {@code ws_} and a number
 * @param principal who connected
 * @param remoteAddress where from
 */
public record ClientInfo(String connectionId, WebPrincipal principal,
    InetSocketAddress remoteAddress) {}
