-- The question board: review, votes, anonymous asking, the highlight. A room's question settings live in
-- question_boards, keyed by stream, not on streams; a room without a row has the defaults (nothing held,
-- no anonymous questions), which is how every room behaved before.

ALTER TABLE questions ADD COLUMN anonymous BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE questions ADD COLUMN votes INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX questions_by_state_votes ON questions (stream_id, status, votes);
CREATE INDEX questions_by_state_time ON questions (stream_id, status, created_at);

CREATE TABLE question_votes (
    question_id BIGINT NOT NULL REFERENCES questions (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE INDEX question_votes_by_user ON question_votes (user_id, question_id);

CREATE TABLE question_boards (
    stream_id            BIGINT  NOT NULL PRIMARY KEY REFERENCES streams (id),
    hold_for_review      BOOLEAN NOT NULL,
    allow_anonymous      BOOLEAN NOT NULL,
    highlighted_question BIGINT REFERENCES questions (id)
);

-- The author that items of anonymous questions name (AnonymousAsker): chat_items.user_id must name a user, and
-- this one is nobody. User ids are handed out from 50 up, and no token is ever issued for this row.
INSERT INTO users (id, display_name, avatar_url, open_id, created_at)
VALUES (0, 'Anonymous', NULL, NULL, CURRENT_TIMESTAMP);
