CREATE SEQUENCE user_ids START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE stream_ids START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE chat_item_ids START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE question_ids START WITH 50 INCREMENT BY 50;

CREATE TABLE users (
    id           BIGINT       NOT NULL PRIMARY KEY,
    display_name VARCHAR(64)  NOT NULL,
    avatar_url   VARCHAR(512),
    open_id      VARCHAR(128) UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE streams (
    id          BIGINT       NOT NULL PRIMARY KEY,
    room_number VARCHAR(16)  NOT NULL UNIQUE,
    title       VARCHAR(100) NOT NULL,
    org_name    VARCHAR(64)  NOT NULL,
    org_logo    VARCHAR(512),
    host_id     BIGINT       NOT NULL REFERENCES users (id),
    epoch       VARCHAR(16)  NOT NULL,
    last_seq    BIGINT       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE questions (
    id           BIGINT        NOT NULL PRIMARY KEY,
    stream_id    BIGINT        NOT NULL REFERENCES streams (id),
    asker_id     BIGINT        NOT NULL REFERENCES users (id),
    asker_name   VARCHAR(64)   NOT NULL,
    asker_avatar VARCHAR(512),
    content      VARCHAR(2000) NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    answer       VARCHAR(2000),
    answered_by  BIGINT REFERENCES users (id),
    answered_at  TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX questions_by_stream ON questions (stream_id, created_at);

CREATE TABLE chat_items (
    id            BIGINT         NOT NULL PRIMARY KEY,
    stream_id     BIGINT         NOT NULL REFERENCES streams (id),
    seq           BIGINT         NOT NULL,
    item_type     VARCHAR(16)    NOT NULL,
    user_id       BIGINT         NOT NULL REFERENCES users (id),
    display_name  VARCHAR(64)    NOT NULL,
    avatar_url    VARCHAR(512),
    content       VARCHAR(16000) NOT NULL,
    question_id   BIGINT REFERENCES questions (id),
    client_msg_id VARCHAR(64),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT chat_items_seq UNIQUE (stream_id, seq)
);
CREATE INDEX chat_items_by_type ON chat_items (stream_id, item_type, seq);
