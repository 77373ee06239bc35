/**
 * Likes: members tap as often as they like; each server counts the taps of its members in memory (at most
 * {@code liveroom.likes.per-second} a user), adds them into the data grid's total of the room once a second, and
 * tells its own members the room's total when it changed (event 250, ambient). The total is written to the database
 * every {@code liveroom.likes.persist-seconds} and when the server stops: a tap never costs a database write.
 */
package com.liveroom.likes;
