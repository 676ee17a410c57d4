// How alerts are grouped before they are sent: digest windows (a channel
// with mode = "hourly" or "daily" sends one message per window) and the
// flood breaker (more new alerts from one poll of one feed than a channel's
// flood_threshold become one summary). Pure, apart from the time zone.
//
// Windows are in the daemon's local time zone (the TZ environment variable,
// else /etc/localtime), as cron does: "hourly" windows end at every full
// local hour, "daily" ones at digest_at local time. A digest_at skipped by a
// daylight-saving change fires at the first instant after the gap; one
// repeated by it fires once. Set TZ (Environment=TZ=Asia/Seoul in the unit)
// to choose the zone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "config/config.h"
#include "store/item_recorder.h"
#include "store/outbox.h"

namespace newsalert::notify {

struct DigestWindow {
  TimePoint start;
  TimePoint end;  // The digest is sent at this instant.
};

// The window of a digest channel that contains `now`; nullopt for an
// immediate channel.
std::optional<DigestWindow> WindowAt(const config::ChannelConfig& channel, TimePoint now);

// The ItemRecorder policy of one poll of `feed`: every channel's digest
// window end and flood threshold, and the builder of flood summaries.
store::RecordPolicy MakeRecordPolicy(const config::Config& config,
                                     const config::FeedConfig& feed, TimePoint now);

// The digest document carrying `members` (held rows of `channel`, in order
// of detection), made at `now`.
store::GroupDraft BuildDigest(const config::ChannelConfig& channel,
                              const std::vector<store::OutboxRow>& members, TimePoint now);

}  // namespace newsalert::notify
