#include "feed/feed_date_names.h"

#include <string>

#include "base/strings.h"

namespace newsalert::feed {
namespace {

struct Named {
  std::string_view name;
  int value;
};

// Full names and abbreviations that are not English three-letter prefixes,
// lower case (Greek as written: Greek feeds capitalise them one way).
constexpr Named kMonths[] = {
    // French
    {"janv", 1}, {"janvier", 1}, {"févr", 2}, {"fevr", 2}, {"février", 2}, {"fevrier", 2},
    {"mars", 3}, {"avr", 4}, {"avril", 4}, {"mai", 5}, {"juin", 6}, {"juil", 7},
    {"juillet", 7}, {"août", 8}, {"aout", 8}, {"déc", 12}, {"décembre", 12},
    // German
    {"jänner", 1}, {"januar", 1}, {"februar", 2}, {"märz", 3}, {"mär", 3}, {"maerz", 3},
    {"juni", 6}, {"juli", 7}, {"okt", 10}, {"oktober", 10}, {"dez", 12}, {"dezember", 12},
    // Spanish
    {"ene", 1}, {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abr", 4}, {"abril", 4},
    {"mayo", 5}, {"junio", 6}, {"julio", 7}, {"ago", 8}, {"agosto", 8}, {"septiembre", 9},
    {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"dic", 12}, {"diciembre", 12},
    // Italian
    {"gen", 1}, {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"mag", 5}, {"maggio", 5},
    {"giu", 6}, {"giugno", 6}, {"lug", 7}, {"luglio", 7}, {"set", 9}, {"settembre", 9},
    {"ott", 10}, {"ottobre", 10}, {"dicembre", 12},
    // Portuguese
    {"janeiro", 1}, {"fev", 2}, {"fevereiro", 2}, {"março", 3}, {"marco", 3}, {"maio", 5},
    {"junho", 6}, {"julho", 7}, {"setembro", 9}, {"out", 10}, {"outubro", 10},
    {"novembro", 11}, {"dezembro", 12},
    // Dutch
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mrt", 3}, {"mei", 5}, {"augustus", 8},
    // Hungarian
    {"január", 1}, {"február", 2}, {"március", 3}, {"április", 4}, {"május", 5},
    {"június", 6}, {"július", 7}, {"augusztus", 8}, {"szeptember", 9}, {"október", 10},
    // Greek (Universal Feed Parser's list)
    {"Ιαν", 1}, {"Φεβ", 2}, {"Μάώ", 3}, {"Μαώ", 3}, {"Μάρ", 3}, {"Μαρ", 3}, {"Απρ", 4},
    {"Μάι", 5}, {"Μαϊ", 5}, {"Μαι", 5}, {"Ιούν", 6}, {"Ιον", 6}, {"Ιουν", 6}, {"Ιούλ", 7},
    {"Ιολ", 7}, {"Ιουλ", 7}, {"Αύγ", 8}, {"Αυγ", 8}, {"Σεπ", 9}, {"Οκτ", 10}, {"Νοέ", 11},
    {"Νοε", 11}, {"Δεκ", 12},
};

constexpr std::string_view kEnglishMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                               "jul", "aug", "sep", "oct", "nov", "dec"};

constexpr std::string_view kWeekdays[] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",         // English (prefixes)
    "lun", "mar", "mer", "jeu", "ven", "sam", "dim",         // French
    "mo", "di", "mi", "do", "fr", "sa", "so",                // German
    "mié", "mie", "jue", "vie", "sáb", "dom",               // Spanish
    "gio", "seg", "ter", "qua", "qui", "sex",               // Italian, Portuguese
    "Κυρ", "Δευ", "Τρι", "Τετ", "Πεμ", "Παρ", "Σαβ",         // Greek
};

// Zone abbreviations, minutes east of UTC. "CST" is the North American
// one, as in RFC 822; "IST" is India's.
constexpr Named kZones[] = {
    {"ut", 0},       {"utc", 0},      {"gmt", 0},      {"z", 0},        {"wet", 0},
    {"bst", 60},     {"west", 60},    {"cet", 60},     {"met", 60},     {"wat", 60},
    {"cest", 120},   {"mest", 120},   {"eet", 120},    {"sast", 120},   {"cat", 120},
    {"eest", 180},   {"msk", 180},    {"eat", 180},    {"ast", -240},   {"irst", 210},
    {"gst", 240},    {"pkt", 300},    {"ist", 330},    {"npt", 345},    {"bdt", 360},
    {"mmt", 390},    {"ict", 420},    {"wib", 420},    {"hkt", 480},    {"sgt", 480},
    {"pht", 480},    {"awst", 480},   {"myt", 480},    {"wita", 480},   {"kst", 540},
    {"jst", 540},    {"wit", 540},    {"acst", 570},   {"aest", 600},   {"chst", 600},
    {"acdt", 630},   {"aedt", 660},   {"nzst", 720},   {"nzdt", 780},   {"adt", -180},
    {"at", -240},    {"edt", -240},   {"est", -300},   {"et", -300},    {"cdt", -300},
    {"cst", -360},   {"ct", -360},    {"mdt", -360},   {"mst", -420},   {"mt", -420},
    {"pdt", -420},   {"pst", -480},   {"pt", -480},    {"akdt", -480},  {"akst", -540},
    {"hst", -600},   {"hast", -600},  {"nst", -210},   {"ndt", -150},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Lower-cases ASCII letters of `token` into `buffer` (tokens longer than
// it are no names we know: returns "").
template <std::size_t N>
std::string_view LowerInto(std::string_view token, char (&buffer)[N]) {
  if (token.size() > N) return {};
  for (std::size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    buffer[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(buffer, token.size());
}

std::string_view WithoutDot(std::string_view token) {
  if (!token.empty() && token.back() == '.') token.remove_suffix(1);
  return token;
}

// "+0200", "-05:00", "+7", "+530": minutes east of UTC.
std::optional<int> NumericOffset(std::string_view zone) {
  if (zone.size() < 2 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  int sign = zone[0] == '-' ? -1 : 1;
  int digits[4];
  int count = 0;
  for (char c : zone.substr(1)) {
    if (IsDigit(c)) {
      if (count == 4) return std::nullopt;
      digits[count++] = c - '0';
    } else if (c != ':') {
      return std::nullopt;
    }
  }
  int hours, minutes;
  switch (count) {
    case 1: hours = digits[0], minutes = 0; break;                              // +7
    case 2: hours = digits[0] * 10 + digits[1], minutes = 0; break;             // +07
    case 3: hours = digits[0], minutes = digits[1] * 10 + digits[2]; break;     // +530
    case 4: hours = digits[0] * 10 + digits[1], minutes = digits[2] * 10 + digits[3]; break;
    default: return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

}  // namespace

int MonthFromName(std::string_view token) {
  token = WithoutDot(token);
  if (token.size() < 3) return 0;
  char buffer[24];
  std::string_view lower = LowerInto(token, buffer);
  if (lower.empty()) return 0;
  // English first: nearly every feed. Any length from the three-letter
  // prefix ("Sept", "June").
  for (std::size_t i = 0; i < 12; ++i) {
    if (lower.compare(0, 3, kEnglishMonths[i]) == 0) {
      static constexpr std::string_view kFull[] = {"january", "february", "march", "april",
                                                   "may", "june", "july", "august",
                                                   "september", "october", "november",
                                                   "december"};
      if (kFull[i].starts_with(lower) || lower == "sept") {
        return static_cast<int>(i) + 1;
      }
    }
  }
  for (const Named& month : kMonths) {
    if (lower == month.name || token == month.name) return month.value;
  }
  return 0;
}

bool IsWeekdayName(std::string_view token) {
  token = WithoutDot(token);
  if (token.size() < 2) return false;
  char buffer[24];
  std::string_view lower = LowerInto(token, buffer);
  if (lower.empty()) return false;
  for (std::string_view day : kWeekdays) {
    if (lower == day || token == day) return true;
  }
  static constexpr std::string_view kEnglish[] = {"monday", "tuesday", "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};
  for (std::string_view day : kEnglish) {
    if (lower.size() >= 3 && day.starts_with(lower)) return true;
  }
  return false;
}

std::optional<int> ZoneOffsetMinutes(std::string_view token) {
  token = Trim(token);
  if (token.empty()) return std::nullopt;
  if (token[0] == '+' || token[0] == '-') return NumericOffset(token);
  char buffer[24];
  std::string_view zone = LowerInto(token, buffer);
  if (zone.empty()) return std::nullopt;
  if (zone.starts_with("etc/")) zone.remove_prefix(4);
  for (std::string_view prefix : {"gmt", "utc", "ut"}) {
    if (zone.size() > prefix.size() && zone.starts_with(prefix) &&
        (zone[prefix.size()] == '+' || zone[prefix.size()] == '-')) {
      return NumericOffset(zone.substr(prefix.size()));
    }
  }
  for (const Named& named : kZones) {
    if (zone == named.name) return named.value;
  }
  // Military zones, with the signs RFC 822 printed (A = -1 ... M = -12,
  // N = +1 ... Y = +12), as Universal Feed Parser reads them.
  if (zone.size() == 1 && zone[0] >= 'a' && zone[0] <= 'y' && zone[0] != 'j') {
    char c = zone[0];
    if (c <= 'i') return -(c - 'a' + 1) * 60;
    if (c <= 'm') return -(c - 'k' + 10) * 60;
    return (c - 'n' + 1) * 60;
  }
  return std::nullopt;
}

}  // namespace newsalert::feed
