-- Each room's like total, as last persisted (likes.control.LikeStore). Taps are added up in memory and in the data
-- grid; this row is written every liveroom.likes.persist-seconds and when a server stops, only ever raised
-- (every server writes the total it knows when it is higher), and read when a room's total is first needed.
CREATE TABLE stream_likes (
    stream_id  BIGINT                   NOT NULL PRIMARY KEY REFERENCES streams (id),
    total      BIGINT                   NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
