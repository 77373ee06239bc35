-- Moderation, roles and presence. Plain SQL that H2 and PostgreSQL both run.

-- Room settings live on the stream row: the chat writer already locks it for every post.
ALTER TABLE streams ADD COLUMN closed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE streams ADD COLUMN slow_mode_seconds INT DEFAULT 0 NOT NULL;
ALTER TABLE streams ADD COLUMN blocked_terms_mode VARCHAR(8) DEFAULT 'refuse' NOT NULL;

-- A deleted item keeps its row (and its seq, so the room's numbering never moves) but leaves every history read.
ALTER TABLE chat_items ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE chat_items ADD COLUMN deleted_by BIGINT REFERENCES users (id);

CREATE TABLE moderators (
    stream_id    BIGINT NOT NULL REFERENCES streams (id),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    appointed_by BIGINT NOT NULL REFERENCES users (id),
    appointed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (stream_id, user_id)
);

-- One row per user, room and kind (mute or ban). A mute ends at until_at; a ban has none and lasts until lifted.
CREATE TABLE sanctions (
    stream_id  BIGINT      NOT NULL REFERENCES streams (id),
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    kind       VARCHAR(8)  NOT NULL,
    until_at   TIMESTAMP WITH TIME ZONE,
    reason     VARCHAR(200),
    imposed_by BIGINT      NOT NULL REFERENCES users (id),
    imposed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (stream_id, user_id, kind)
);

CREATE SEQUENCE blocked_term_ids START WITH 50 INCREMENT BY 50;
CREATE TABLE blocked_terms (
    id         BIGINT       NOT NULL PRIMARY KEY,
    stream_id  BIGINT       NOT NULL REFERENCES streams (id),
    term       VARCHAR(64)  NOT NULL,
    normalized VARCHAR(256) NOT NULL,
    added_by   BIGINT       NOT NULL REFERENCES users (id),
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT blocked_terms_once UNIQUE (stream_id, normalized)
);

CREATE SEQUENCE audit_ids START WITH 50 INCREMENT BY 50;
CREATE TABLE audit_log (
    id          BIGINT        NOT NULL PRIMARY KEY,
    stream_id   BIGINT        NOT NULL REFERENCES streams (id),
    actor_id    BIGINT        NOT NULL REFERENCES users (id),
    actor_name  VARCHAR(64)   NOT NULL,
    action      VARCHAR(32)   NOT NULL,
    target_user BIGINT,
    target_item BIGINT,
    detail      VARCHAR(4000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX audit_log_by_stream ON audit_log (stream_id, id);
