#include "store/item_recorder.h"

#include <optional>

#include "base/test_fault.h"

namespace newsalert::store {
namespace {

bool IsTitleKey(const std::string& key) { return key.rfind("title:", 0) == 0; }

// A new (story, filter, channel) alert of this poll, before it is written.
struct NewAlert {
  const AlertDraft* draft;
  std::string filter;
  std::int64_t story_id;
  const model::Item* item;
};

// Writes the new alerts of one channel as its policy says.
class AlertWriter {
 public:
  AlertWriter(Database& db, const FeedState& state, std::int64_t now_ms, RecordOutcome& outcome)
      : db_(db), state_(state), now_ms_(now_ms), outcome_(outcome) {}

  Status Prepare() {
    Result<Statement> insert = db_.Prepare(
        "INSERT OR IGNORE INTO outbox (delivery_id, kind, channel, filter, story_id, feed_url, "
        "title, payload, created_at, state, next_attempt_at, group_id) "
        "VALUES (?, 'alert', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    insert_ = std::move(*insert);
    return Status::Ok();
  }

  Status Write(const std::string& channel, const std::vector<NewAlert>& alerts,
               const ChannelPolicy& policy, const RecordPolicy& record_policy) {
    if (policy.hold_until) {
      for (const NewAlert& alert : alerts) {
        NEWSALERT_RETURN_IF_ERROR(Insert(alert, "held", *policy.hold_until, std::nullopt, "held"));
      }
      return Status::Ok();
    }
    if (policy.flood_threshold > 0 && static_cast<int>(alerts.size()) > policy.flood_threshold &&
        record_policy.flood_summary) {
      std::vector<AlertDraft> members;
      for (const NewAlert& alert : alerts) members.push_back(*alert.draft);
      GroupDraft summary = record_policy.flood_summary(channel, members);
      Result<Statement> insert = db_.Prepare(
          "INSERT INTO outbox (delivery_id, kind, channel, filter, story_id, feed_url, title, "
          "payload, created_at, state, next_attempt_at) "
          "VALUES (?, 'flood', ?, ?, NULL, ?, ?, ?, ?, 'pending', ?)");
      if (!insert.ok()) return insert.status();
      insert->Bind(1, summary.delivery_id)
          .Bind(2, channel)
          .Bind(3, summary.filter)
          .Bind(4, state_.url)
          .Bind(5, summary.title)
          .Bind(6, summary.payload)
          .Bind(7, now_ms_)
          .Bind(8, now_ms_);
      NEWSALERT_RETURN_IF_ERROR(insert->Run());
      std::int64_t group_id = db_.LastInsertRowId();
      for (const NewAlert& alert : alerts) {
        NEWSALERT_RETURN_IF_ERROR(
            Insert(alert, "grouped", now_ms_, group_id, "flood:" + summary.delivery_id));
      }
      outcome_.floods.push_back(std::move(summary));
      return Status::Ok();
    }
    for (const NewAlert& alert : alerts) {
      NEWSALERT_RETURN_IF_ERROR(Insert(alert, "pending", now_ms_, std::nullopt, "pending"));
    }
    return Status::Ok();
  }

 private:
  Status Insert(const NewAlert& alert, const char* row_state, std::int64_t next_attempt_at,
                std::optional<std::int64_t> group_id, std::string how) {
    insert_->Bind(1, alert.draft->delivery_id)
        .Bind(2, alert.draft->channel)
        .Bind(3, alert.filter)
        .Bind(4, alert.story_id)
        .Bind(5, state_.url)
        .Bind(6, alert.item->title)
        .Bind(7, alert.draft->payload)
        .Bind(8, now_ms_)
        .Bind(9, row_state)
        .Bind(10, next_attempt_at)
        .Bind(11, group_id);
    NEWSALERT_RETURN_IF_ERROR(insert_->Run());
    if (db_.Changes() > 0) {
      outcome_.queued.push_back(QueuedAlert{alert.draft->delivery_id, alert.draft->channel,
                                            alert.filter, alert.item->title, alert.item->link,
                                            std::move(how)});
    }
    return Status::Ok();
  }

  Database& db_;
  const FeedState& state_;
  std::int64_t now_ms_;
  RecordOutcome& outcome_;
  std::optional<Statement> insert_;
};

}  // namespace

Result<std::vector<bool>> ItemRecorder::NewOrChanged(const std::string& feed_url,
                                                     const std::vector<model::Item>& items) {
  Result<Statement> query =
      db_.Prepare("SELECT content_hash FROM items WHERE feed_url = ? AND item_key = ?");
  if (!query.ok()) return query.status();
  std::vector<bool> result;
  result.reserve(items.size());
  for (const model::Item& item : items) {
    query->Bind(1, feed_url).Bind(2, item.item_key);
    bool changed = true;
    if (query->Step()) changed = query->Text(0) != item.content_hash;
    if (!query->status().ok()) return query->status();
    query->Reset();
    result.push_back(changed);
  }
  return result;
}

Result<RecordOutcome> ItemRecorder::Record(const FeedState& state,
                                           const std::vector<model::Item>& items,
                                           const std::vector<std::vector<FilterMatch>>& matches,
                                           bool baseline, std::int64_t now_ms,
                                           const RecordPolicy& policy) {
  RecordOutcome outcome;
  Transaction transaction(db_);
  NEWSALERT_RETURN_IF_ERROR(transaction.Begin());

  auto prepare = [&](const char* sql) { return db_.Prepare(sql); };
  Result<Statement> find_item =
      prepare("SELECT story_id, content_hash FROM items WHERE feed_url = ? AND item_key = ?");
  Result<Statement> touch_item =
      prepare("UPDATE items SET last_seen_at = ? WHERE feed_url = ? AND item_key = ?");
  Result<Statement> update_item = prepare(
      "UPDATE items SET content_hash = ?, title = ?, link = ?, last_seen_at = ? "
      "WHERE feed_url = ? AND item_key = ?");
  Result<Statement> insert_item = prepare(
      "INSERT INTO items (feed_url, item_key, story_id, content_hash, title, link, "
      "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  Result<Statement> find_key =
      prepare("SELECT story_id, created_at FROM story_keys WHERE key = ?");
  Result<Statement> insert_key = prepare(
      "INSERT INTO story_keys (key, story_id, created_at) VALUES (?, ?, ?) "
      "ON CONFLICT(key) DO UPDATE SET story_id = excluded.story_id, "
      "created_at = excluded.created_at");
  Result<Statement> insert_story =
      prepare("INSERT INTO stories (created_at, title) VALUES (?, ?)");
  Result<Statement> insert_match = prepare(
      "INSERT OR IGNORE INTO story_matches (story_id, filter, matched_at, alerted) "
      "VALUES (?, ?, ?, ?)");
  for (Result<Statement>* statement :
       {&find_item, &touch_item, &update_item, &insert_item, &find_key, &insert_key,
        &insert_story, &insert_match}) {
    if (!statement->ok()) return statement->status();
  }
  // The new alerts of this poll, per channel in feed order.
  std::map<std::string, std::vector<NewAlert>> new_alerts;

  bool any_new = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const model::Item& item = items[i];
    std::optional<std::int64_t> story_id;
    find_item->Bind(1, state.url).Bind(2, item.item_key);
    if (find_item->Step()) {
      story_id = find_item->Int(0);
      bool unchanged = find_item->Text(1) == item.content_hash;
      find_item->Reset();
      if (unchanged) {
        touch_item->Bind(1, now_ms).Bind(2, state.url).Bind(3, item.item_key);
        NEWSALERT_RETURN_IF_ERROR(touch_item->Run());
        continue;
      }
      ++outcome.changed_items;
      update_item->Bind(1, item.content_hash)
          .Bind(2, item.title)
          .Bind(3, item.link)
          .Bind(4, now_ms)
          .Bind(5, state.url)
          .Bind(6, item.item_key);
      NEWSALERT_RETURN_IF_ERROR(update_item->Run());
    } else {
      NEWSALERT_RETURN_IF_ERROR(find_item->status());
      find_item->Reset();
      ++outcome.new_items;
      any_new = true;
      // The same story may already be known from another feed.
      for (const std::string& key : item.story_keys) {
        find_key->Bind(1, key);
        if (find_key->Step()) {
          std::int64_t created_at = find_key->Int(1);
          if (!IsTitleKey(key) || now_ms - created_at <= title_window_.count()) {
            story_id = find_key->Int(0);
          }
        }
        NEWSALERT_RETURN_IF_ERROR(find_key->status());
        find_key->Reset();
        if (story_id) break;
      }
      if (!story_id) {
        insert_story->Bind(1, now_ms).Bind(2, item.title);
        NEWSALERT_RETURN_IF_ERROR(insert_story->Run());
        story_id = db_.LastInsertRowId();
      }
      insert_item->Bind(1, state.url)
          .Bind(2, item.item_key)
          .Bind(3, *story_id)
          .Bind(4, item.content_hash)
          .Bind(5, item.title)
          .Bind(6, item.link)
          .Bind(7, now_ms)
          .Bind(8, now_ms);
      NEWSALERT_RETURN_IF_ERROR(insert_item->Run());
    }
    // Keys not yet known (or stale titles) now point at this story.
    for (const std::string& key : item.story_keys) {
      find_key->Bind(1, key);
      bool fresh = false;
      if (find_key->Step()) {
        fresh = !IsTitleKey(key) || now_ms - find_key->Int(1) <= title_window_.count();
      }
      find_key->Reset();
      if (fresh) continue;
      insert_key->Bind(1, key).Bind(2, *story_id).Bind(3, now_ms);
      NEWSALERT_RETURN_IF_ERROR(insert_key->Run());
    }

    if (i >= matches.size()) continue;
    for (const FilterMatch& match : matches[i]) {
      insert_match->Bind(1, *story_id).Bind(2, match.filter).Bind(3, now_ms).Bind(4,
                                                                               baseline ? 0 : 1);
      NEWSALERT_RETURN_IF_ERROR(insert_match->Run());
      if (db_.Changes() == 0) {
        ++outcome.duplicate_matches;  // Once per story per filter.
        continue;
      }
      if (baseline) {
        ++outcome.baseline_matches;
        continue;
      }
      for (const AlertDraft& draft : match.deliveries) {
        new_alerts[draft.channel].push_back(NewAlert{&draft, match.filter, *story_id, &item});
      }
    }
  }

  AlertWriter writer(db_, state, now_ms, outcome);
  NEWSALERT_RETURN_IF_ERROR(writer.Prepare());
  for (const auto& [channel, alerts] : new_alerts) {
    auto it = policy.channels.find(channel);
    ChannelPolicy channel_policy = it != policy.channels.end() ? it->second : ChannelPolicy{};
    NEWSALERT_RETURN_IF_ERROR(writer.Write(channel, alerts, channel_policy, policy));
  }

  FeedState saved = state;
  if (any_new) saved.last_new_item_at = now_ms;
  FeedStateStore feeds(db_);
  NEWSALERT_RETURN_IF_ERROR(feeds.Save(saved));
  CrashAtFaultPoint("record-before-commit");
  NEWSALERT_RETURN_IF_ERROR(transaction.Commit());
  return outcome;
}

}  // namespace newsalert::store
