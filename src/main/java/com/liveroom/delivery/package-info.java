/**
 * Delivery: everything between a socket and the rooms it is in. The {@code /ws} endpoint (one thin instance per
 * connection), the handshake, signing in, joins and resumes ({@code Doorkeeper}), the chat frame's way to the writer
 * ({@code ChatIntake}), and the engine that reaches the members: the {@code RoomRegistry} (who is in which room, each
 * room's log of recent frames, each member's place in it) driven by one fan-out thread ({@code FanOut}) that writes
 * each frame's bytes, built once, to every member in as few writes as possible ({@code Pipes}: raw frames on Tyrus).
 * Socket deadlines, slow members and lost bans are the {@code SocketSweeper}'s and the registry's sweep. A server
 * that stops lets its members go in order ({@code Drain}): not ready, nothing new taken, every message answered, then
 * each socket closed with 1012 and a reconnect wait spread over a window.
 */
package com.liveroom.delivery;
