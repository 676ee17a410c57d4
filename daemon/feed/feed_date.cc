#include "feed/feed_date.h"

#include <span>
#include <string>
#include <vector>

#include "base/strings.h"
#include "feed/feed_date_names.h"

namespace newsalert::feed {
namespace {

using namespace std::chrono;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct DateParts {
  int year = -1;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_minutes = 0;  // East of UTC.
};

std::optional<Timestamp> MakeTimestamp(const DateParts& p) {
  if (p.year < 1 || p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 ||
      p.hour < 0 || p.hour > 24 || p.minute < 0 || p.minute > 59 || p.second < 0 ||
      p.second > 60) {
    return std::nullopt;
  }
  if (p.hour == 24 && (p.minute != 0 || p.second != 0)) return std::nullopt;  // 24:00 only.
  year_month_day date{std::chrono::year(p.year), std::chrono::month(static_cast<unsigned>(p.month)),
                      std::chrono::day(static_cast<unsigned>(p.day))};
  if (!date.ok()) return std::nullopt;
  int second = p.second == 60 ? 59 : p.second;  // A leap second: close enough.
  sys_seconds time = sys_days(date) + hours(p.hour) + minutes(p.minute) + seconds(second);
  return time - minutes(p.offset_minutes);
}

// Reads 1..max_digits digits at text[pos]; false if there are none.
bool ReadNumber(std::string_view text, std::size_t& pos, std::size_t max_digits, int& out,
                std::size_t min_digits = 1) {
  std::size_t start = pos;
  out = 0;
  while (pos < text.size() && pos - start < max_digits && IsDigit(text[pos])) {
    out = out * 10 + (text[pos] - '0');
    ++pos;
  }
  return pos - start >= min_digits;
}

// "HH:MM[:SS[.fff]]" at the start of `text`; returns the rest (a glued
// zone, "am"/"pm") or nullopt.
std::optional<std::string_view> ParseClock(std::string_view text, DateParts& parts) {
  std::size_t pos = 0;
  if (!ReadNumber(text, pos, 2, parts.hour)) return std::nullopt;
  if (pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  if (!ReadNumber(text, pos, 2, parts.minute, 2)) return std::nullopt;
  parts.second = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!ReadNumber(text, pos, 2, parts.second, 2)) return std::nullopt;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
    }
  }
  return text.substr(pos);
}

int ExpandTwoDigitYear(int year) { return year < 90 ? 2000 + year : 1900 + year; }

int ExpandYear(int year, std::size_t digits) {
  if (digits <= 2) return ExpandTwoDigitYear(year);
  if (digits == 3) return 1900 + year;  // Some Perl feeds write year - 1900.
  return year;
}

// Letters only (ASCII or any non-ASCII character).
bool IsWord(std::string_view token) {
  for (char c : token) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x80 && !((b | 0x20) >= 'a' && (b | 0x20) <= 'z') && c != '.') return false;
  }
  return !token.empty();
}

bool AllDigits(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// "12:30 pm" and "12:30pm".
bool ApplyMeridiem(std::string_view token, DateParts& parts) {
  bool am = EqualsIgnoreCaseAscii(token, "am") || EqualsIgnoreCaseAscii(token, "a.m.");
  bool pm = EqualsIgnoreCaseAscii(token, "pm") || EqualsIgnoreCaseAscii(token, "p.m.");
  if (!am && !pm) return false;
  if (parts.hour == 12) parts.hour = 0;
  if (pm) parts.hour += 12;
  return true;
}

// "2004년 05월 28일 01:31:15" (OnBlog) and "2004-05-25 오후 11:23:17"
// (Nate): Korean blog platforms, in KST.
std::optional<Timestamp> ParseKoreanDate(std::string_view text) {
  constexpr std::string_view kYear = "\xEB\x85\x84";   // 년
  constexpr std::string_view kMonth = "\xEC\x9B\x94";  // 월
  constexpr std::string_view kDay = "\xEC\x9D\xBC";    // 일
  constexpr std::string_view kAm = "\xEC\x98\xA4\xEC\xA0\x84";  // 오전
  constexpr std::string_view kPm = "\xEC\x98\xA4\xED\x9B\x84";  // 오후
  DateParts parts;
  parts.offset_minutes = 9 * 60;
  std::size_t pos = 0;
  auto skip_spaces = [&] {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
  };
  auto expect = [&](std::string_view what) {
    if (text.substr(pos, what.size()) != what) return false;
    pos += what.size();
    return true;
  };
  if (!ReadNumber(text, pos, 4, parts.year, 4)) return std::nullopt;
  bool meridiem_pm = false;
  if (expect(kYear)) {
    skip_spaces();
    if (!ReadNumber(text, pos, 2, parts.month) || !expect(kMonth)) return std::nullopt;
    skip_spaces();
    if (!ReadNumber(text, pos, 2, parts.day) || !expect(kDay)) return std::nullopt;
  } else {
    if (!expect("-") || !ReadNumber(text, pos, 2, parts.month) || !expect("-") ||
        !ReadNumber(text, pos, 2, parts.day)) {
      return std::nullopt;
    }
    skip_spaces();
    if (expect(kPm)) {
      meridiem_pm = true;
    } else if (!expect(kAm)) {
      return std::nullopt;
    }
  }
  skip_spaces();
  std::optional<std::string_view> rest = ParseClock(text.substr(pos), parts);
  if (!rest || !Trim(*rest).empty()) return std::nullopt;
  if (meridiem_pm && parts.hour < 12) parts.hour += 12;
  return MakeTimestamp(parts);
}

}  // namespace

std::optional<Timestamp> ParseRfc822Date(std::string_view text) {
  // Tokens split on spaces and commas; each recognised by its shape, which
  // copes with missing weekdays, glued commas, swapped day and month,
  // asctime's order and trailing comments.
  struct Token {
    std::string_view text;
    bool comma_after = false;
  };
  constexpr std::size_t kMaxTokens = 12;  // Real dates have at most 8.
  Token tokens_storage[kMaxTokens];
  std::size_t token_count = 0;
  std::size_t start = std::string_view::npos;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool separator = i == text.size() || IsSpace(text[i]) || text[i] == ',';
    if (!separator) {
      if (start == std::string_view::npos) start = i;
      continue;
    }
    if (start != std::string_view::npos) {
      if (token_count == kMaxTokens) return std::nullopt;
      tokens_storage[token_count++] = {text.substr(start, i - start)};
      start = std::string_view::npos;
    }
    if (i < text.size() && text[i] == ',' && token_count > 0) {
      tokens_storage[token_count - 1].comma_after = true;
    }
  }
  std::span<const Token> tokens(tokens_storage, token_count);

  DateParts parts;
  bool have_time = false, have_zone = false;
  std::size_t year_digits = 0;
  for (const Token& token : tokens) {
    std::string_view t = token.text;
    if (IsDigit(t[0]) && t.find(':') != std::string_view::npos && !have_time) {
      std::optional<std::string_view> rest = ParseClock(t, parts);
      if (!rest) return std::nullopt;
      have_time = true;
      if (!rest->empty()) {
        if (ApplyMeridiem(*rest, parts)) continue;
        std::optional<int> zone = ZoneOffsetMinutes(*rest);
        if (!zone) return std::nullopt;
        parts.offset_minutes = *zone;
        have_zone = true;
      }
      continue;
    }
    if (AllDigits(t)) {
      if (t.size() > 4) return std::nullopt;  // No day or year is longer.
      int value = 0;
      for (char c : t) value = value * 10 + (c - '0');
      if (t.size() <= 2 && parts.day == 0 && parts.year < 0) {
        parts.day = value;
      } else if (parts.year < 0 && t.size() <= 4) {
        parts.year = value;
        year_digits = t.size();
      } else if (t.size() <= 2 && parts.day == 0) {
        parts.day = value;  // "Jan 2004 05": unusual, but unambiguous.
      } else {
        return std::nullopt;
      }
      continue;
    }
    if (IsDigit(t[0])) {
      // "05-Nov-2024", "2006/09/15", "2006-09-15".
      char separator = t.find('/') != std::string_view::npos ? '/' : '-';
      std::vector<std::string_view> pieces = Split(t, separator);
      if (pieces.size() != 3) return std::nullopt;
      for (std::string_view piece : pieces) {
        if (piece.size() > 4) return std::nullopt;
      }
      if (AllDigits(pieces[0]) && MonthFromName(pieces[1]) != 0 && AllDigits(pieces[2])) {
        parts.day = std::atoi(std::string(pieces[0]).c_str());
        parts.month = MonthFromName(pieces[1]);
        parts.year = std::atoi(std::string(pieces[2]).c_str());
        year_digits = pieces[2].size();
      } else if (pieces[0].size() == 4 && AllDigits(pieces[0]) && AllDigits(pieces[1]) &&
                 AllDigits(pieces[2])) {
        parts.year = std::atoi(std::string(pieces[0]).c_str());
        parts.month = std::atoi(std::string(pieces[1]).c_str());
        parts.day = std::atoi(std::string(pieces[2]).c_str());
        year_digits = 4;
      } else {
        return std::nullopt;
      }
      continue;
    }
    // A leading word before a comma is a weekday, in whatever language
    // ("Mar," = mardi, "Dienstag,"); "Mar" without the comma is March.
    if (token.comma_after && !have_time && parts.day == 0 && parts.month == 0 &&
        IsWord(t)) {
      continue;
    }
    if (int month = MonthFromName(t); month != 0 && parts.month == 0) {
      parts.month = month;
      continue;
    }
    if (IsWeekdayName(t) && !have_time) continue;
    if (have_time && ApplyMeridiem(t, parts)) continue;
    if (have_time && !have_zone) {
      if (std::optional<int> zone = ZoneOffsetMinutes(t)) {
        parts.offset_minutes = *zone;
        have_zone = true;
        continue;
      }
    }
    if (t[0] == '(') continue;  // "(PDT)", "(Coordinated Universal Time)".
    // Anything else after a complete date and time is trailing noise; an
    // unknown zone name counts as UTC (Universal Feed Parser does the same).
    if (parts.year >= 0 && parts.month != 0 && parts.day != 0 && have_time) break;
    return std::nullopt;
  }
  if (parts.day == 0 || parts.month == 0 || parts.year < 0) return std::nullopt;
  parts.year = ExpandYear(parts.year, year_digits);
  return MakeTimestamp(parts);
}

std::optional<Timestamp> ParseIso8601Date(std::string_view text) {
  text = Trim(text);
  DateParts parts;
  std::size_t pos = 0;
  if (!ReadNumber(text, pos, 4, parts.year, 4)) return std::nullopt;
  parts.month = 1;
  parts.day = 1;
  bool compact = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '/')) {
    char separator = text[pos++];
    std::size_t digits_start = pos;
    int number = 0;
    if (ReadNumber(text, pos, 3, number)) {
      if (pos - digits_start == 3) {
        // Ordinal date "2004-123": day of the year.
        if (number < 1 || number > 366) return std::nullopt;
        sys_days day = sys_days(year_month_day{std::chrono::year(parts.year), January, 1d}) +
                       days(number - 1);
        year_month_day date(day);
        if (static_cast<int>(date.year()) != parts.year) return std::nullopt;
        parts.month = static_cast<int>(static_cast<unsigned>(date.month()));
        parts.day = static_cast<int>(static_cast<unsigned>(date.day()));
      } else {
        parts.month = number;
        if (pos < text.size() && text[pos] == separator) {
          ++pos;
          if (!ReadNumber(text, pos, 2, parts.day)) return std::nullopt;
        }
      }
    } else {
      // A month name: "2004-július-13".
      std::size_t end = text.find(separator, pos);
      if (end == std::string_view::npos) return std::nullopt;
      parts.month = MonthFromName(text.substr(pos, end - pos));
      if (parts.month == 0) return std::nullopt;
      pos = end + 1;
      if (!ReadNumber(text, pos, 2, parts.day)) return std::nullopt;
    }
  } else if (pos + 4 <= text.size() && IsDigit(text[pos])) {
    compact = true;  // "20241105T..."
    if (!ReadNumber(text, pos, 2, parts.month, 2) || !ReadNumber(text, pos, 2, parts.day, 2)) {
      return std::nullopt;
    }
  }
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || IsSpace(text[pos]))) {
    ++pos;
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (!ReadNumber(text, pos, 2, parts.hour)) return std::nullopt;
    bool colon = pos < text.size() && text[pos] == ':';
    if (colon) ++pos;
    if (!ReadNumber(text, pos, 2, parts.minute, 2)) return std::nullopt;
    if (pos < text.size() && (text[pos] == ':' || (!colon && IsDigit(text[pos])))) {
      if (text[pos] == ':') ++pos;
      if (!ReadNumber(text, pos, 2, parts.second, 2)) return std::nullopt;
    }
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
    }
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos < text.size()) {
      std::optional<int> zone = ZoneOffsetMinutes(text.substr(pos));
      if (!zone) return std::nullopt;
      parts.offset_minutes = *zone;
      pos = text.size();
    }
  } else if (pos < text.size() && !compact) {
    // A zone right after the date ("2004-01-05Z") is accepted.
    std::optional<int> zone = ZoneOffsetMinutes(text.substr(pos));
    if (!zone) return std::nullopt;
    parts.offset_minutes = *zone;
    pos = text.size();
  }
  if (pos != text.size()) return std::nullopt;
  return MakeTimestamp(parts);
}

std::optional<Timestamp> ParseFeedDate(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() > 100) return std::nullopt;
  if (text.find("\xEB\x85\x84") != std::string_view::npos ||  // 년
      text.find("\xEC\x98\xA4") != std::string_view::npos) {  // 오(전/후)
    return ParseKoreanDate(text);
  }
  if (text.size() >= 4 && IsDigit(text[0]) && IsDigit(text[1]) && IsDigit(text[2]) &&
      IsDigit(text[3])) {
    if (std::optional<Timestamp> iso = ParseIso8601Date(text)) return iso;
  }
  return ParseRfc822Date(text);
}

}  // namespace newsalert::feed
