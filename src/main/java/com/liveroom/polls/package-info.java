/**
 * Polls: the host or a moderator drafts a question with options, opens it to the room and closes it; viewers vote
 * once (and may change or take back their vote while it is open). Counts reach the room throttled, at most once a
 * second per poll, the last always; a closed poll keeps its final results, listed per stream.
 */
package com.liveroom.polls;
