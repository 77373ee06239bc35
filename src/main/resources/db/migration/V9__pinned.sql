-- The pinned announcement: at most one per room, kept beside the stream rather than on it. A room that never pinned
-- anything has no row. Taking the pin down keeps the row with no text, so that version, which every change raises,
-- only ever grows: members and servers tell the newest word from an older one by it. A pin whose until_at has
-- passed is no pin (nothing has to run at its end for the database to say so).
CREATE TABLE pins (
    stream_id      BIGINT         NOT NULL PRIMARY KEY REFERENCES streams (id),
    version        BIGINT         NOT NULL,
    text           VARCHAR(16000),
    item_id        BIGINT,
    item_seq       BIGINT,
    author_id      BIGINT,
    author_name    VARCHAR(64),
    author_avatar  VARCHAR(512),
    pinned_by      BIGINT,
    pinned_by_name VARCHAR(64),
    pinned_at      TIMESTAMP WITH TIME ZONE,
    until_at       TIMESTAMP WITH TIME ZONE
);
