#!/usr/bin/env bash
# H2's plans for history's queries on a room of a million items: the shipped migrations (every database's, then
# H2's own) on an in-memory H2, one room seeded by SQL with 1,000,000 items of which every 10,000th is deleted, then
# EXPLAIN ANALYZE of each read as the server sends it (scanCount: the rows H2 read). Writes the plans to stdout.
#   bench/h2-plans.sh > bench/results/writes/h2-plans.txt
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
H2="$(ls ~/.m2/repository/com/h2database/h2/2.2.224/h2-2.2.224.jar)"
SCRIPT="$(mktemp /tmp/h2-plans.XXXXXX.sql)"
trap 'rm -f "$SCRIPT"' EXIT
{
  # in version order, as Flyway runs them
  for f in $(ls "$ROOT"/src/main/resources/db/migration/V*.sql "$ROOT"/src/main/resources/db/vendor/h2/V*.sql \
      | awk -F/ '{ v = $NF; sub(/^V/, "", v); sub(/__.*/, "", v); print v "\t" $0 }' | sort -n | cut -f2); do
    cat "$f"; echo
  done
  cat <<'SQL'
INSERT INTO users (id, display_name, created_at) VALUES (1, 'host', CURRENT_TIMESTAMP);
INSERT INTO streams (id, room_number, title, org_name, host_id, epoch, last_seq, created_at)
  VALUES (7, '70000001', 'a million items', 'org', 1, 'e', 1000000, CURRENT_TIMESTAMP);
INSERT INTO streams (id, room_number, title, org_name, host_id, epoch, last_seq, created_at)
  VALUES (8, '80000001', 'another room', 'org', 1, 'e', 200000, CURRENT_TIMESTAMP);
INSERT INTO chat_items (id, stream_id, seq, item_type, user_id, display_name, content, created_at)
  SELECT X, 7, X, CASE WHEN MOD(X, 50) = 0 THEN 'question' ELSE 'message' END, 1, 'host', 'item ' || X, CURRENT_TIMESTAMP
  FROM SYSTEM_RANGE(1, 1000000);
INSERT INTO chat_items (id, stream_id, seq, item_type, user_id, display_name, content, created_at)
  SELECT 2000000 + X, 8, X, 'message', 1, 'host', 'item ' || X, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 200000);
UPDATE chat_items SET deleted_at = CURRENT_TIMESTAMP, deleted_by = 1 WHERE stream_id = 7 AND MOD(seq, 10000) = 0;
INSERT INTO chat_item_deletions (stream_id, seq) SELECT stream_id, seq FROM chat_items WHERE deleted_at IS NOT NULL;
ANALYZE;
-- the room's last seq
EXPLAIN ANALYZE SELECT last_seq FROM streams WHERE id = 7;
-- its deleted items, newest first
EXPLAIN ANALYZE SELECT seq FROM chat_item_deletions WHERE stream_id = 7 ORDER BY stream_id DESC, seq DESC;
-- page 10,000 of 20: the run of seqs between its two bounds
EXPLAIN ANALYZE SELECT * FROM chat_items WHERE stream_id = 7 AND seq BETWEEN 799962 AND 799981 AND deleted_at IS NULL ORDER BY stream_id DESC, seq DESC;
-- after=500000&limit=100
EXPLAIN ANALYZE SELECT * FROM chat_items WHERE stream_id = 7 AND seq > 500000 AND deleted_at IS NULL ORDER BY stream_id, seq FETCH FIRST 100 ROWS ONLY;
-- page 1,000 of 20 of one type (questions): skips the rows of that type before it
EXPLAIN ANALYZE SELECT * FROM chat_items WHERE stream_id = 7 AND item_type = 'question' AND deleted_at IS NULL ORDER BY stream_id DESC, item_type DESC, seq DESC OFFSET 19980 ROWS FETCH FIRST 20 ROWS ONLY;
SQL
} > "$SCRIPT"
java -cp "$H2" org.h2.tools.RunScript -url "jdbc:h2:mem:plans" -script "$SCRIPT" -showResults 2>&1 \
  | awk '/^-- |^-->/' | sed -n '/^-- the room/,$p'
