package dev.herald.web;

/**
 * What a {@link WebBridge} counted since it started.
 *
 * @param connectedClients clients connected now
 * @param refusedConnections connections the authenticator refused
 * @param messagesOut event frames written to clients
 * @param messagesIn frames received from clients
 * @param publishedIn events clients published into the bus
 * @param rejectedIn inbound frames answered with an error frame
 * @param dropped events dropped from slow clients' buffers
 * @param slowClientsClosed clients closed for reading too slowly
 * @param bufferedNow events waiting in all clients' buffers now
 * @param intakeOverflows events the bridge missed because its intake queue was full
 */
public record BridgeMetrics(int connectedClients, long refusedConnections, long messagesOut,
    long messagesIn, long publishedIn, long rejectedIn, long dropped, long slowClientsClosed,
    long bufferedNow, long intakeOverflows) {}
