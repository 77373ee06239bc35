/**
 * Who is online: each room's count of distinct users across the cluster ({@code OnlineCensus} on the data grid),
 * pushed to the room when it changes, at most once per interval.
 */
package com.liveroom.presence;
