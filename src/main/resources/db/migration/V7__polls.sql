-- Polls: a question with 2-10 options that the host or a moderator drafts, opens and closes; each user votes once
-- (one row per chosen option in poll_votes). Each option keeps its count (poll_options.votes) and each poll its
-- number of voters and a version that every change of a vote raises; both are changed only with the poll's row
-- locked, so they always equal what poll_votes holds.

CREATE SEQUENCE poll_ids START WITH 50 INCREMENT BY 50;

CREATE TABLE polls (
    id          BIGINT       NOT NULL PRIMARY KEY,
    stream_id   BIGINT       NOT NULL REFERENCES streams (id),
    question    VARCHAR(200) NOT NULL,
    multiple    BOOLEAN      NOT NULL,
    anonymous   BOOLEAN      NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    voters      INTEGER      NOT NULL,
    version     BIGINT       NOT NULL,
    created_by  BIGINT       NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    opened_at   TIMESTAMP WITH TIME ZONE,
    closed_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX polls_by_stream ON polls (stream_id, created_at);
CREATE INDEX polls_by_state ON polls (stream_id, status);

CREATE TABLE poll_options (
    poll_id      BIGINT       NOT NULL REFERENCES polls (id),
    option_index INTEGER      NOT NULL,
    label        VARCHAR(100) NOT NULL,
    votes        INTEGER      NOT NULL,
    PRIMARY KEY (poll_id, option_index)
);

CREATE TABLE poll_votes (
    poll_id      BIGINT  NOT NULL REFERENCES polls (id),
    user_id      BIGINT  NOT NULL REFERENCES users (id),
    option_index INTEGER NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (poll_id, user_id, option_index)
);
CREATE INDEX poll_votes_by_option ON poll_votes (poll_id, option_index, created_at);
