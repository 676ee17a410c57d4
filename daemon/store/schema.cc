#include "store/schema.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

namespace newsalert::store {
namespace {

// Times are milliseconds since the Unix epoch (UTC) everywhere.
const std::vector<const char*> kMigrations = {
    // 1: the first schema.
    R"sql(
CREATE TABLE feeds (
  url                  TEXT PRIMARY KEY,   -- as configured: the feed's identity
  name                 TEXT NOT NULL,      -- its configured name, for status
  etag                 TEXT,               -- HTTP validators, committed with the items they cover
  last_modified        TEXT,
  first_success_at     INTEGER,            -- NULL: never polled successfully (backlog not yet seen)
  last_attempt_at      INTEGER,
  last_success_at      INTEGER,
  next_poll_at         INTEGER,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  failing_since        INTEGER,
  last_status          INTEGER,            -- HTTP status of the last response
  last_error           TEXT,
  last_error_class     TEXT,               -- dns, connect, tls, timeout, http, too_large, parse...
  retry_after_until    INTEGER,            -- the server asked us to wait until then
  items_last_fetch     INTEGER,
  last_new_item_at     INTEGER,
  redirected_to        TEXT                -- a permanent redirect seen on the last fetch
);

CREATE TABLE stories (
  id          INTEGER PRIMARY KEY,
  created_at  INTEGER NOT NULL,
  title       TEXT NOT NULL
);

-- Keys naming a story across feeds: "url:<canonical link>", "title:<folded title>".
CREATE TABLE story_keys (
  key         TEXT PRIMARY KEY,
  story_id    INTEGER NOT NULL REFERENCES stories(id),
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Every item ever seen, matched or not, so that a restart or a new filter
-- never alerts on the backlog.
CREATE TABLE items (
  feed_url      TEXT NOT NULL,
  item_key      TEXT NOT NULL,
  story_id      INTEGER NOT NULL REFERENCES stories(id),
  content_hash  TEXT NOT NULL,
  title         TEXT NOT NULL,
  link          TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  PRIMARY KEY (feed_url, item_key)
) WITHOUT ROWID;
CREATE INDEX items_by_story ON items(story_id);

-- Once per story per filter: a row here means the filter has matched the
-- story (alerted = 1) or matched it in a feed's initial backlog (alerted = 0).
CREATE TABLE story_matches (
  story_id    INTEGER NOT NULL REFERENCES stories(id),
  filter      TEXT NOT NULL,
  matched_at  INTEGER NOT NULL,
  alerted     INTEGER NOT NULL,
  PRIMARY KEY (story_id, filter)
) WITHOUT ROWID;

-- Alerts waiting for (or done with) delivery, one row per channel. Written
-- in the transaction that records the item.
CREATE TABLE outbox (
  id                INTEGER PRIMARY KEY,
  delivery_id       TEXT NOT NULL UNIQUE,  -- stable across retries; receivers dedupe on it
  channel           TEXT NOT NULL,
  filter            TEXT NOT NULL,
  story_id          INTEGER NOT NULL REFERENCES stories(id),
  feed_url          TEXT NOT NULL,
  payload           TEXT NOT NULL,         -- the JSON alert document (the exact body for format=json)
  created_at        INTEGER NOT NULL,      -- detected_at
  state             TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  first_attempt_at  INTEGER,
  next_attempt_at   INTEGER NOT NULL,
  last_attempt_at   INTEGER,
  last_status       INTEGER,
  last_error        TEXT,
  finished_at       INTEGER,
  UNIQUE (story_id, filter, channel)
);
CREATE INDEX outbox_due ON outbox(state, channel, next_attempt_at);

-- Channels a receiver turned off (HTTP 410), until their target changes.
CREATE TABLE channels (
  name             TEXT PRIMARY KEY,
  disabled_at      INTEGER,
  disabled_reason  TEXT,
  target_hash      TEXT
);
)sql",
    // 2: feed health details (issue 5).
    R"sql(
ALTER TABLE feeds ADD COLUMN last_duration_ms INTEGER;  -- how long the last fetch took
ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER;       -- RSS <ttl> of the last parsed document
ALTER TABLE feeds ADD COLUMN last_warned_at INTEGER;    -- last WARN log line about this feed
)sql",
    // 3: outbox rows of three kinds (one alert; a digest or a flood summary
    // that carries several alerts), alerts held for a digest, titles for
    // `status`, and channel health.
    R"sql(
CREATE TABLE outbox_v2 (
  id                INTEGER PRIMARY KEY,
  delivery_id       TEXT NOT NULL UNIQUE,  -- stable across retries; receivers dedupe on it
  kind              TEXT NOT NULL DEFAULT 'alert' CHECK (kind IN ('alert', 'digest', 'flood')),
  channel           TEXT NOT NULL,
  filter            TEXT NOT NULL,         -- digest/flood rows: the filters of their alerts
  story_id          INTEGER REFERENCES stories(id),  -- NULL for digest/flood rows
  feed_url          TEXT NOT NULL,         -- '' for digests (several feeds)
  title             TEXT NOT NULL DEFAULT '',  -- the item title, or "N alerts", for status
  payload           TEXT NOT NULL,         -- the JSON document (the exact body for format=json)
  created_at        INTEGER NOT NULL,      -- detected_at
  -- pending: to send; held: waits for its digest window (next_attempt_at =
  -- the window's end); grouped: sent inside the digest/flood row group_id;
  -- delivered / failed: done.
  state             TEXT NOT NULL
                    CHECK (state IN ('pending', 'held', 'grouped', 'delivered', 'failed')),
  group_id          INTEGER REFERENCES outbox_v2(id),
  attempts          INTEGER NOT NULL DEFAULT 0,
  first_attempt_at  INTEGER,
  next_attempt_at   INTEGER NOT NULL,
  last_attempt_at   INTEGER,
  last_status       INTEGER,               -- HTTP status or SMTP reply code
  last_error        TEXT,
  finished_at       INTEGER,
  UNIQUE (story_id, filter, channel)
);
INSERT INTO outbox_v2 (id, delivery_id, channel, filter, story_id, feed_url, title, payload,
                       created_at, state, attempts, first_attempt_at, next_attempt_at,
                       last_attempt_at, last_status, last_error, finished_at)
  SELECT o.id, o.delivery_id, o.channel, o.filter, o.story_id, o.feed_url,
         COALESCE((SELECT s.title FROM stories s WHERE s.id = o.story_id), ''), o.payload,
         o.created_at, o.state, o.attempts, o.first_attempt_at, o.next_attempt_at,
         o.last_attempt_at, o.last_status, o.last_error, o.finished_at
  FROM outbox o;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, channel, next_attempt_at);
CREATE INDEX outbox_by_group ON outbox(group_id) WHERE group_id IS NOT NULL;

-- Health, written when a channel starts or stops failing.
ALTER TABLE channels ADD COLUMN failing_since INTEGER;
ALTER TABLE channels ADD COLUMN last_failure_at INTEGER;
ALTER TABLE channels ADD COLUMN last_error TEXT;
)sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Status Migrate(Database& db) { return MigrateTo(db, LatestSchemaVersion()); }

Status MigrateTo(Database& db, int target) {
  Result<Statement> version_query = db.Prepare("PRAGMA user_version");
  if (!version_query.ok()) return version_query.status();
  int version = version_query->Step() ? static_cast<int>(version_query->Int(0)) : 0;
  version_query->Reset();
  if (version > LatestSchemaVersion()) {
    return Status::IoError("store: " + db.path() + " has schema version " +
                           std::to_string(version) + ", newer than this newsalert (" +
                           std::to_string(LatestSchemaVersion()) + "); upgrade newsalert");
  }
  for (int next = version + 1; next <= std::min(target, LatestSchemaVersion()); ++next) {
    Transaction transaction(db);
    NEWSALERT_RETURN_IF_ERROR(transaction.Begin());
    Status applied = db.Exec(kMigrations[static_cast<std::size_t>(next - 1)]);
    if (!applied.ok()) {
      return applied.WithPrefix("migration " + std::to_string(next) + ": ");
    }
    NEWSALERT_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(next)));
    NEWSALERT_RETURN_IF_ERROR(transaction.Commit());
  }
  return Status::Ok();
}

std::string DatabasePath(const std::string& state_dir) {
  return (std::filesystem::path(state_dir) / "newsalert.db").string();
}

Result<std::unique_ptr<Database>> OpenStore(const std::string& state_dir) {
  std::error_code error;
  std::filesystem::create_directories(state_dir, error);
  if (error) {
    return Status::IoError("store: cannot create state_dir " + state_dir + ": " +
                           error.message());
  }
  Result<std::unique_ptr<Database>> db = Database::Open(DatabasePath(state_dir));
  if (!db.ok()) return db.status();
  {
    Result<Statement> check = (*db)->Prepare("PRAGMA quick_check");
    if (!check.ok()) return check.status();
    if (check->Step() && check->Text(0) != "ok") {
      return Status::IoError("store: " + (*db)->path() + " is corrupt: " + check->Text(0));
    }
    if (!check->status().ok()) return check->status();
  }
  NEWSALERT_RETURN_IF_ERROR(Migrate(**db));
  return db;
}

}  // namespace newsalert::store
