#include "notify/delivery_policy.h"

#include <ctime>
#include <set>

#include <fmt/format.h>

#include "base/ids.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "notify/alert_payload.h"

namespace newsalert::notify {
namespace {

std::tm LocalTime(TimePoint time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  return local;
}

// `local` (fields possibly out of range) back to an instant; mktime
// normalises and resolves daylight saving itself.
TimePoint FromLocal(std::tm local) {
  local.tm_isdst = -1;
  return std::chrono::system_clock::from_time_t(std::mktime(&local));
}

std::string FilterLabel(const std::vector<std::string>& filters) {
  std::set<std::string> unique(filters.begin(), filters.end());
  return Join(std::vector<std::string>(unique.begin(), unique.end()), ", ");
}

std::string CountLabel(std::size_t count) {
  return count == 1 ? "1 alert" : fmt::format("{} alerts", count);
}

}  // namespace

std::optional<DigestWindow> WindowAt(const config::ChannelConfig& channel, TimePoint now) {
  if (channel.mode == config::DeliveryMode::kImmediate) return std::nullopt;
  std::tm local = LocalTime(now);
  local.tm_sec = 0;
  DigestWindow window;
  if (channel.mode == config::DeliveryMode::kHourly) {
    local.tm_min = 0;
    window.start = FromLocal(local);
    local.tm_hour += 1;
    window.end = FromLocal(local);
    // A local hour repeated by a daylight-saving change: never a window
    // that ends before it starts.
    if (window.end <= now) window.end = window.start + std::chrono::hours(1);
    if (window.end <= now) window.end = now + std::chrono::hours(1);
    return window;
  }
  local.tm_hour = channel.digest_minute / 60;
  local.tm_min = channel.digest_minute % 60;
  TimePoint today = FromLocal(local);
  std::tm other = local;
  if (today > now) {
    window.end = today;
    other.tm_mday -= 1;
    window.start = FromLocal(other);
  } else {
    window.start = today;
    other.tm_mday += 1;
    window.end = FromLocal(other);
  }
  if (window.end <= now) window.end = now + std::chrono::hours(24);
  return window;
}

store::RecordPolicy MakeRecordPolicy(const config::Config& config,
                                     const config::FeedConfig& feed, TimePoint now) {
  store::RecordPolicy policy;
  for (const config::ChannelConfig& channel : config.channels) {
    store::ChannelPolicy& channel_policy = policy.channels[channel.name];
    if (std::optional<DigestWindow> window = WindowAt(channel, now)) {
      channel_policy.hold_until = ToUnixMillis(window->end);
    }
    channel_policy.flood_threshold = channel.flood_threshold;
  }
  policy.flood_summary = [feed, now](const std::string&,
                                     const std::vector<store::AlertDraft>& members) {
    GroupContent group;
    group.type = "flood";
    group.id = NewDeliveryId(now);
    group.detected_at = FormatRfc3339(now);
    group.feed_name = feed.name;
    group.feed_url = feed.url;
    std::vector<std::string> documents;
    std::vector<std::string> filters;
    for (const store::AlertDraft& member : members) {
      documents.push_back(member.payload);
      if (Result<AlertContent> alert = ParseAlert(member.payload); alert.ok()) {
        filters.push_back(alert->filter_name);
      }
    }
    store::GroupDraft draft;
    draft.delivery_id = group.id;
    draft.payload = SerializeGroup(group, documents);
    draft.title = fmt::format("{} new matches from {} (flood breaker)", members.size(), feed.name);
    draft.filter = FilterLabel(filters);
    return draft;
  };
  return policy;
}

store::GroupDraft BuildDigest(const config::ChannelConfig& channel,
                              const std::vector<store::OutboxRow>& members, TimePoint now) {
  GroupContent group;
  group.type = "digest";
  group.id = NewDeliveryId(now);
  group.detected_at = FormatRfc3339(now);
  std::optional<TimePoint> start, end;
  std::vector<std::string> documents;
  std::vector<std::string> filters;
  for (const store::OutboxRow& member : members) {
    documents.push_back(member.payload);
    filters.push_back(member.filter);
    TimePoint created = FromUnixMillis(member.created_at);
    std::optional<DigestWindow> window = WindowAt(channel, created);
    TimePoint member_start = window ? window->start : created;
    TimePoint member_end = FromUnixMillis(member.next_attempt_at);
    if (!start || member_start < *start) start = member_start;
    if (!end || member_end > *end) end = member_end;
  }
  group.window_start = FormatRfc3339(start.value_or(now));
  group.window_end = FormatRfc3339(end.value_or(now));
  store::GroupDraft draft;
  draft.delivery_id = group.id;
  draft.payload = SerializeGroup(group, documents);
  draft.title = "digest: " + CountLabel(members.size());
  draft.filter = FilterLabel(filters);
  return draft;
}

}  // namespace newsalert::notify
