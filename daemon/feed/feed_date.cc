#include "feed/feed_date.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "base/strings.h"

namespace newsalert::feed {
namespace {

using namespace std::chrono;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<Timestamp> MakeTimestamp(int year, int month, int day, int hour, int minute,
                                       int second, int offset_minutes) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  if (second == 60) second = 59;  // Leap second: close enough.
  sys_seconds time = sys_days(date) + hours(hour) + minutes(minute) + seconds(second);
  return time - minutes(offset_minutes);
}

// Month from an English name or abbreviation, any case; 0 if none.
int MonthFromName(std::string_view name) {
  static constexpr std::array<const char*, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  std::string lower = ToLowerAscii(name);
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower.compare(0, 3, kMonths[i]) == 0) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool IsDayName(std::string_view name) {
  static constexpr std::array<const char*, 7> kDays = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};
  if (name.size() < 3) return false;
  std::string lower = ToLowerAscii(name);
  for (const char* day : kDays) {
    if (lower.compare(0, 3, day) == 0) return true;
  }
  return false;
}

// Offset in minutes east of UTC for a zone token; nullopt if not a zone.
std::optional<int> ZoneOffset(std::string_view zone) {
  if (zone.empty()) return std::nullopt;
  if (zone[0] == '+' || zone[0] == '-') {
    int sign = zone[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : zone.substr(1)) {
      if (IsDigit(c)) {
        digits += c;
      } else if (c != ':') {
        return std::nullopt;
      }
    }
    if (digits.size() == 1 || digits.size() == 2) digits += "00";
    if (digits.size() == 3) digits = "0" + digits;
    if (digits.size() != 4) return std::nullopt;
    int hours_part = std::stoi(digits.substr(0, 2));
    int minutes_part = std::stoi(digits.substr(2, 2));
    if (hours_part > 23 || minutes_part > 59) return std::nullopt;
    return sign * (hours_part * 60 + minutes_part);
  }
  std::string upper(zone);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct Named {
    const char* name;
    int offset;
  };
  static constexpr Named kZones[] = {
      {"GMT", 0},       {"UT", 0},         {"UTC", 0},        {"Z", 0},
      {"WET", 0},       {"BST", 60},       {"CET", 60},       {"MET", 60},
      {"CEST", 120},    {"EET", 120},      {"EEST", 180},     {"MSK", 180},
      {"IST", 330},     {"ICT", 420},      {"WIB", 420},      {"HKT", 480},
      {"SGT", 480},     {"AWST", 480},     {"KST", 540},      {"JST", 540},
      {"ACST", 570},    {"AEST", 600},     {"AEDT", 660},     {"NZST", 720},
      {"NZDT", 780},    {"EST", -300},     {"EDT", -240},     {"CST", -360},
      {"CDT", -300},    {"MST", -420},     {"MDT", -360},     {"PST", -480},
      {"PDT", -420},    {"AKST", -540},    {"AKDT", -480},    {"HST", -600},
      {"AST", -240},    {"ADT", -180},     {"NST", -210},     {"NDT", -150},
  };
  for (const Named& named : kZones) {
    if (upper == named.name) return named.offset;
  }
  // Military zones (RFC 822 section 5): A-I, K-M east, N-Y west, Z UTC.
  // RFC 1123 notes their signs were published backwards and advises treating
  // them as UTC; real feeds that use them follow the published table, which
  // is what readers expect, so we do too.
  if (upper.size() == 1) {
    char c = upper[0];
    if (c >= 'A' && c <= 'I') return (c - 'A' + 1) * 60;
    if (c >= 'K' && c <= 'M') return (c - 'K' + 10) * 60;
    if (c >= 'N' && c <= 'Y') return -(c - 'N' + 1) * 60;
  }
  // "GMT+0200", "UTC-5".
  for (const char* prefix : {"GMT", "UTC", "UT"}) {
    std::string_view p(prefix);
    if (upper.size() > p.size() && upper.compare(0, p.size(), p) == 0 &&
        (upper[p.size()] == '+' || upper[p.size()] == '-')) {
      return ZoneOffset(std::string_view(zone).substr(p.size()));
    }
  }
  return std::nullopt;
}

// "HH:MM[:SS[.fff]]" -> hour, minute, second.
bool ParseClock(std::string_view text, int& hour, int& minute, int& second) {
  std::vector<std::string_view> parts = Split(text, ':');
  if (parts.size() < 2 || parts.size() > 3) return false;
  auto number = [](std::string_view part, int& out) {
    if (part.empty() || part.size() > 2) return false;
    out = 0;
    for (char c : part) {
      if (!IsDigit(c)) return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  second = 0;
  if (!number(parts[0], hour) || !number(parts[1], minute)) return false;
  if (parts.size() == 3) {
    std::string_view sec = parts[2];
    if (auto dot = sec.find_first_of(".,"); dot != std::string_view::npos) sec = sec.substr(0, dot);
    if (!number(sec, second)) return false;
  }
  return true;
}

int ExpandYear(int year, std::size_t digits) {
  if (digits == 2) return year < 50 ? 2000 + year : 1900 + year;
  if (digits == 3) return 1900 + year;  // Some Perl feeds write year - 1900.
  return year;
}

}  // namespace

std::optional<Timestamp> ParseRfc822Date(std::string_view text) {
  // Tokenise on spaces and commas; then recognise tokens by shape, which
  // handles missing weekdays, missing commas, swapped day/month and
  // single-digit days.
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));

  int day = 0, month = 0, year = -1, hour = -1, minute = 0, second = 0;
  std::optional<int> offset;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view token = tokens[i];
    if (token.find(':') != std::string_view::npos && hour < 0 && token[0] != '+' &&
        token[0] != '-') {
      // "08:49:37" possibly glued to a zone: "08:49:37+0000".
      std::size_t zone_start = token.find_first_of("+-", 1);
      std::string_view clock = token.substr(0, zone_start);
      if (!ParseClock(clock, hour, minute, second)) return std::nullopt;
      if (zone_start != std::string_view::npos) {
        offset = ZoneOffset(token.substr(zone_start));
        if (!offset) return std::nullopt;
      }
      continue;
    }
    if (IsDigit(token[0])) {
      bool all_digits = true;
      for (char c : token) all_digits = all_digits && IsDigit(c);
      if (!all_digits) {
        // "05-Nov-2024" style.
        std::vector<std::string_view> parts = Split(token, '-');
        if (parts.size() == 3 && MonthFromName(parts[1]) != 0) {
          day = std::atoi(std::string(parts[0]).c_str());
          month = MonthFromName(parts[1]);
          year = ExpandYear(std::atoi(std::string(parts[2]).c_str()), parts[2].size());
          continue;
        }
        return std::nullopt;
      }
      int value = std::atoi(token.data());
      if (token.size() <= 2 && day == 0) {
        day = value;
      } else if (year < 0) {
        year = ExpandYear(value, token.size());
      } else {
        return std::nullopt;
      }
      continue;
    }
    if (int m = MonthFromName(token); m != 0 && month == 0 && !IsDayName(token)) {
      month = m;
      continue;
    }
    if (IsDayName(token) && hour < 0 && month == 0) continue;  // Weekday: ignored.
    if (hour >= 0 && !offset) {
      offset = ZoneOffset(token);
      if (offset) continue;
      // "(PDT)" comments after the zone and other trailing junk are ignored
      // only once we have a full date.
    }
    if (year >= 0 && hour >= 0) break;
    return std::nullopt;
  }
  if (day == 0 || month == 0 || year < 0) return std::nullopt;
  if (hour < 0) hour = 0;
  return MakeTimestamp(year, month, day, hour, minute, second, offset.value_or(0));
}

std::optional<Timestamp> ParseIso8601Date(std::string_view text) {
  text = Trim(text);
  std::size_t pos = 0;
  auto read_number = [&](std::size_t digits, int& out) {
    if (pos + digits > text.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      if (!IsDigit(text[pos + i])) return false;
      out = out * 10 + (text[pos + i] - '0');
    }
    pos += digits;
    return true;
  };
  int year, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (!read_number(4, year)) return std::nullopt;
  bool compact = false;
  if (pos < text.size() && text[pos] == '-') {
    ++pos;
    if (!read_number(2, month)) return std::nullopt;
    if (pos < text.size() && text[pos] == '-') {
      ++pos;
      if (!read_number(2, day)) return std::nullopt;
    }
  } else if (pos + 4 <= text.size() && IsDigit(text[pos])) {
    compact = true;  // "20241105T..."
    if (!read_number(2, month) || !read_number(2, day)) return std::nullopt;
  }
  int offset = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!read_number(2, hour)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!read_number(2, minute)) return std::nullopt;
    if (pos < text.size() && (text[pos] == ':' || (compact && IsDigit(text[pos])))) {
      if (text[pos] == ':') ++pos;
      if (!read_number(2, second)) return std::nullopt;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        while (pos < text.size() && IsDigit(text[pos])) ++pos;
      }
    }
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos < text.size()) {
      std::optional<int> zone = ZoneOffset(text.substr(pos));
      if (!zone) return std::nullopt;
      offset = *zone;
      pos = text.size();
    }
  }
  if (pos != text.size()) return std::nullopt;
  return MakeTimestamp(year, month, day, hour, minute, second, offset);
}

std::optional<Timestamp> ParseFeedDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  // ISO dates start with four digits and a dash (or eight digits).
  if (text.size() >= 4 && IsDigit(text[0]) && IsDigit(text[1]) && IsDigit(text[2]) &&
      IsDigit(text[3])) {
    if (auto iso = ParseIso8601Date(text)) return iso;
  }
  return ParseRfc822Date(text);
}

}  // namespace newsalert::feed
