package com.liveroom.polls.control;

import java.util.List;

/**
 * A poll as the REST calls and the {@code 240} event show it. {@code counts} has one number per option, in the
 * options' order; {@code voters} is the number of users who voted; {@code version} rises with every change of a
 * vote, so a client keeps the counts of the highest version it has seen. {@code mine} (the reader's own choice) is
 * only in answers to one reader, never in events.
 */
public record PollView(long id, long stream, String question, List<String> options, boolean multiple,
                       boolean anonymous, String status, List<Integer> counts, int voters, long version,
                       String createdAt, String openedAt, String closedAt, List<Integer> mine) {
}
