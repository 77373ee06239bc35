/**
 * Several servers as one: the {@code GridRelay} carries committed items, room events and word of changed moderation
 * rules between servers over Payara's data grid (a Hazelcast topic), and catches rooms up from the database when a
 * server leaves.
 */
package com.liveroom.cluster;
