// Pieces shared by every human-readable rendering of an alert document
// (console, Slack, Discord, email): the snippet's emphasis, one-line
// descriptions of alerts and groups. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "notify/alert_payload.h"

namespace newsalert::notify {

// A run of snippet text, emphasised when it was a matched word.
struct Span {
  std::string text;
  bool emphasised = false;
};

// The snippet cut at its **markers** (match/snippet.h), markers removed.
std::vector<Span> SplitEmphasis(std::string_view snippet);

// "[TEST] " for alerts sent by send-test, else "".
std::string TestPrefix(const AlertContent& alert);

// What a digest or flood message is, in one line:
//   "12 alerts from 2024-11-05 08:00 to 09:00 UTC"
//   "37 new matches from Korea Desk in one poll (flood breaker)"
std::string GroupHeadline(const GroupContent& group);

// "filter nk-refugees · feed Korea Desk · published 2024-11-05 08:30 UTC".
std::string AlertContext(const AlertContent& alert);

// "2024-11-05 08:30 UTC" from an RFC 3339 UTC time; the input otherwise.
std::string HumanTime(std::string_view rfc3339);

}  // namespace newsalert::notify
