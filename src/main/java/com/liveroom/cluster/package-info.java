/**
 * Several servers as one: the {@code GridRelay} carries committed items, room events and word of changed moderation
 * rules between servers over Payara's data grid (a Hazelcast topic), and catches rooms up from the database when a
 * server leaves or joins, and when the cluster heals after a split.
 */
package com.liveroom.cluster;
