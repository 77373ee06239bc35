/**
 * Abuse limits: how fast a user may send, how many sockets a user may hold across the cluster ({@code SocketCensus}),
 * how many handshakes an address may make each second. Each refusal is counted.
 */
package com.liveroom.limits;
