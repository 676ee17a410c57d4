#include "match/query_lexer.h"

#include "match/query.h"

namespace newsalert::match {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end a bare word.
bool EndsWord(char c) { return IsSpace(c) || c == '(' || c == ')' || c == '"'; }

bool IsFieldName(std::string_view name) {
  return name == "title" || name == "summary" || name == "content" || name == "author" ||
         name == "category" || name == "feed" || name == "link";
}

bool IsAliasNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_';
}

bool IsLowerAscii(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// The UTF-8 character at `pos`, for messages.
std::string_view CharAt(std::string_view text, std::size_t pos) {
  std::size_t end = pos + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return text.substr(pos, end - pos);
}

class Lexer {
 public:
  Lexer(std::string_view query, std::vector<QueryToken>& tokens, QueryError& error)
      : query_(query), tokens_(tokens), error_(error) {}

  bool Run() {
    tokens_.clear();
    while (pos_ < query_.size()) {
      char c = query_[pos_];
      if (IsSpace(c)) {
        ++pos_;
      } else if (c == '(') {
        Add(QueryToken::Kind::kLeftParen, pos_, pos_ + 1, "(");
        ++pos_;
      } else if (c == ')') {
        Add(QueryToken::Kind::kRightParen, pos_, pos_ + 1, ")");
        ++pos_;
      } else if (c == '"') {
        if (!Phrase()) return false;
      } else if (c == '/') {
        if (!Regex()) return false;
      } else if (c == '@') {
        if (!Alias()) return false;
      } else if (c == '-' && StartsMinus()) {
        Add(QueryToken::Kind::kMinus, pos_, pos_ + 1, "-");
        ++pos_;
      } else if (!Word()) {
        return false;
      }
    }
    Add(QueryToken::Kind::kEnd, query_.size(), query_.size(), "");
    return true;
  }

 private:
  void Add(QueryToken::Kind kind, std::size_t begin, std::size_t end, std::string text) {
    QueryToken token{kind, std::move(text), false, 0, static_cast<int>(begin),
                     static_cast<int>(end)};
    tokens_.push_back(std::move(token));
  }

  bool Fail(std::size_t offset, std::string message) {
    error_ = QueryError{static_cast<int>(offset), std::move(message)};
    return false;
  }

  // '-' is NOT when it starts a token and a term follows at once ("-word",
  // "-(a OR b)"); inside a word ("North-Korean") it is a separator.
  bool StartsMinus() const {
    if (pos_ + 1 >= query_.size()) return false;
    char next = query_[pos_ + 1];
    return !IsSpace(next) && next != ')';
  }

  bool Phrase() {
    std::size_t close = query_.find('"', pos_ + 1);
    if (close == std::string_view::npos) {
      return Fail(pos_, "unterminated phrase: missing closing '\"'");
    }
    std::string_view inside = query_.substr(pos_ + 1, close - pos_ - 1);
    // "north korean*" and "north korean"* both make the last word a prefix.
    bool prefix = !inside.empty() && inside.back() == '*';
    if (prefix) inside.remove_suffix(1);
    if (std::size_t star = inside.find('*'); star != std::string_view::npos) {
      return Fail(pos_ + 1 + star, "a wildcard '*' may only end the last word of a phrase");
    }
    std::size_t end = close + 1;
    if (end < query_.size() && query_[end] == '*') {
      prefix = true;
      ++end;
    }
    Add(QueryToken::Kind::kPhrase, pos_, end, std::string(inside));
    tokens_.back().prefix = prefix;
    pos_ = end;
    return true;
  }

  bool Regex() {
    std::size_t i = pos_ + 1;
    while (i < query_.size() && query_[i] != '/') i += query_[i] == '\\' ? 2 : 1;
    if (i >= query_.size()) return Fail(pos_, "unterminated regex: missing closing '/'");
    if (i == pos_ + 1) return Fail(pos_, "empty regex '//'");
    std::size_t end = i + 1;
    if (end < query_.size() && !EndsWord(query_[end])) {
      return Fail(end, "expected a space or ')' after the regex, got '" +
                           std::string(CharAt(query_, end)) +
                           "' (there are no regex flags: matching ignores case)");
    }
    Add(QueryToken::Kind::kRegex, pos_, end, std::string(query_.substr(pos_ + 1, i - pos_ - 1)));
    pos_ = end;
    return true;
  }

  bool Alias() {
    std::size_t end = pos_ + 1;
    while (end < query_.size() && IsAliasNameChar(query_[end])) ++end;
    if (end == pos_ + 1) {
      return Fail(end, "expected an alias name after '@' (letters, digits, '-', '_')");
    }
    if (end < query_.size() && !EndsWord(query_[end])) {
      return Fail(end, "unexpected '" + std::string(CharAt(query_, end)) + "' in alias name '" +
                           std::string(query_.substr(pos_, end - pos_)) +
                           "' (letters, digits, '-', '_')");
    }
    Add(QueryToken::Kind::kAlias, pos_, end, std::string(query_.substr(pos_ + 1, end - pos_ - 1)));
    pos_ = end;
    return true;
  }

  // A bare word, an operator, or a field name followed by ':'.
  bool Word() {
    std::size_t start = pos_;
    while (pos_ < query_.size() && !EndsWord(query_[pos_])) {
      if (query_[pos_] == ':' && IsFieldName(query_.substr(start, pos_ - start))) break;
      ++pos_;
    }
    std::string_view word = query_.substr(start, pos_ - start);
    if (pos_ < query_.size() && query_[pos_] == ':' && IsFieldName(word)) {
      Add(QueryToken::Kind::kField, start, pos_ + 1, std::string(word));
      ++pos_;
      return true;
    }
    if (std::size_t colon = word.find(':'); colon != std::string_view::npos &&
                                            IsLowerAscii(word.substr(0, colon))) {
      // "tilte:laos" is a typo far more often than a search for that text;
      // "https://..." is a link.
      bool follows = colon + 1 < word.size() || (pos_ < query_.size() && !IsSpace(query_[pos_]));
      bool link = colon + 1 < word.size() && word[colon + 1] == '/';
      if (follows && !link) {
        return Fail(start, "unknown field '" + std::string(word.substr(0, colon)) +
                               "' (fields are title, summary, content, author, category, feed, "
                               "link; quote the text to search for it)");
      }
    }
    if (word == "AND") {
      Add(QueryToken::Kind::kAnd, start, pos_, "AND");
    } else if (word == "OR") {
      Add(QueryToken::Kind::kOr, start, pos_, "OR");
    } else if (word == "NOT") {
      Add(QueryToken::Kind::kNot, start, pos_, "NOT");
    } else if (word == "NEAR" || word.substr(0, 5) == "NEAR/") {
      return Near(start, word);
    } else {
      Add(QueryToken::Kind::kWord, start, pos_, std::string(word));
    }
    return true;
  }

  bool Near(std::size_t start, std::string_view word) {
    if (word == "NEAR") {
      return Fail(start, "expected a distance after 'NEAR', as in NEAR/10");
    }
    std::string_view digits = word.substr(5);
    bool numeric = !digits.empty();
    for (char c : digits) numeric = numeric && c >= '0' && c <= '9';
    if (!numeric) {
      return Fail(start + 5, "expected a number after 'NEAR/', as in NEAR/10");
    }
    long distance = 0;
    for (char c : digits) {
      distance = distance * 10 + (c - '0');
      if (distance > kMaxNearDistance) break;
    }
    if (distance < 1 || distance > kMaxNearDistance) {
      return Fail(start + 5, "NEAR distance must be between 1 and " +
                                 std::to_string(kMaxNearDistance) + " words");
    }
    Add(QueryToken::Kind::kNear, start, pos_, std::string(word));
    tokens_.back().distance = static_cast<int>(distance);
    return true;
  }

  std::string_view query_;
  std::vector<QueryToken>& tokens_;
  QueryError& error_;
  std::size_t pos_ = 0;
};

}  // namespace

bool LexQuery(std::string_view query, std::vector<QueryToken>& tokens, QueryError& error) {
  return Lexer(query, tokens, error).Run();
}

}  // namespace newsalert::match
