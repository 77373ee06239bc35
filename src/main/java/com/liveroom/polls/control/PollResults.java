package com.liveroom.polls.control;

import java.util.List;

/** The data of a {@code 241} frame: a poll's counts as committed, with the version they are of. */
public record PollResults(long stream, String topic, long pollId, List<Integer> counts, int voters, long version) {
}
