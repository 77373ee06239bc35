/**
 * Rooms as stored: streams (a live room, its host, its room number, its settings) and their history of items, read a
 * page at a time; the REST resources to open a stream and read its history; the shape of an item on the wire
 * ({@code ItemView}) and of a room event ({@code RoomEvent}), which components fire and delivery sends.
 */
package com.liveroom.rooms;
