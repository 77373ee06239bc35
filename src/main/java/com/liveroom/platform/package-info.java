/**
 * What every component stands on: the data source (H2 or PostgreSQL), migrations, the data grid's instance, clocks,
 * refusals and their JSON error mapping, health and the REST application.
 */
package com.liveroom.platform;
