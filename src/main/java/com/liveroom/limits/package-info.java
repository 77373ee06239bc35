/**
 * Abuse limits, and what one server takes on: how fast a user may send, how many sockets a user may hold across the
 * cluster ({@code SocketCensus}), how many handshakes an address may make each second, and how many sockets and
 * handshakes a second this server takes at all ({@code ServerCapacity}). Each refusal is counted.
 */
package com.liveroom.limits;
