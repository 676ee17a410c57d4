#include "match/query_parser.h"

#include <re2/re2.h>

#include "text/words.h"

namespace newsalert::match {
namespace {

using Kind = QueryToken::Kind;

std::string Describe(const QueryToken& token) {
  switch (token.kind) {
    case Kind::kWord: return "a word";
    case Kind::kPhrase: return "a phrase";
    case Kind::kRegex: return "a regex";
    case Kind::kAlias: return "an alias";
    case Kind::kField: return "a field";
    case Kind::kAnd: return "'AND'";
    case Kind::kOr: return "'OR'";
    case Kind::kNot: return "'NOT'";
    case Kind::kNear: return "'" + token.text + "'";
    case Kind::kMinus: return "'-'";
    case Kind::kLeftParen: return "'('";
    case Kind::kRightParen: return "')'";
    case Kind::kEnd: return "the end of the query";
  }
  return "a token";
}

bool StartsUnary(Kind kind) {
  return kind == Kind::kWord || kind == Kind::kPhrase || kind == Kind::kRegex ||
         kind == Kind::kAlias || kind == Kind::kField || kind == Kind::kNot ||
         kind == Kind::kMinus || kind == Kind::kLeftParen;
}

Field ParseField(std::string_view name) {
  if (name == "title") return Field::kTitle;
  if (name == "summary") return Field::kSummary;
  if (name == "content") return Field::kContent;
  if (name == "author") return Field::kAuthor;
  if (name == "category") return Field::kCategory;
  if (name == "feed") return Field::kFeed;
  return Field::kLink;
}

// A field applies to every term below it that has none of its own.
void ApplyField(QueryNode& node, Field field) {
  if (node.kind == QueryNode::Kind::kTerm || node.kind == QueryNode::Kind::kRegex) {
    if (node.field == Field::kAny) node.field = field;
    return;
  }
  for (auto& child : node.children) ApplyField(*child, field);
}

// The first node under `node` that cannot be a side of NEAR, or null.
const QueryNode* NotNearable(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
    case QueryNode::Kind::kNear:  // Its children were checked when it was built.
      return nullptr;
    case QueryNode::Kind::kOr:
      for (const auto& child : node.children) {
        if (const QueryNode* bad = NotNearable(*child)) return bad;
      }
      return nullptr;
    default:
      return &node;
  }
}

const char* NearOperandName(QueryNode::Kind kind) {
  switch (kind) {
    case QueryNode::Kind::kAnd: return "an AND group";
    case QueryNode::Kind::kNot: return "a NOT";
    case QueryNode::Kind::kRegex: return "a /regex/";
    default: return "this";
  }
}

class Parser {
 public:
  Parser(std::string_view query, std::vector<QueryToken> tokens, const AliasTable* aliases)
      : query_(query), tokens_(std::move(tokens)), aliases_(aliases) {}

  QueryParseResult Parse() {
    QueryParseResult result;
    QueryPtr root = ParseOr(0);
    if (root && Peek().kind != Kind::kEnd) {
      if (Peek().kind == Kind::kRightParen) {
        Fail(Peek().begin, "unexpected ')' without a matching '('");
      } else {
        Fail(Peek().begin, "unexpected " + Describe(Peek()));
      }
      root.reset();
    }
    if (!root) {
      result.error = error_;
      result.related_offset = related_offset_;
      return result;
    }
    result.query = std::move(root);
    return result;
  }

 private:
  const QueryToken& Peek() const { return tokens_[position_]; }
  const QueryToken& Next() { return tokens_[position_++]; }

  std::nullptr_t Fail(int offset, std::string message) {
    if (!error_) error_ = QueryError{offset, std::move(message)};
    return nullptr;
  }

  static QueryPtr Combine(QueryNode::Kind kind, QueryPtr left, QueryPtr right) {
    if (left->kind == kind) {
      left->end = right->end;
      left->children.push_back(std::move(right));
      return left;
    }
    auto node = std::make_unique<QueryNode>();
    node->kind = kind;
    node->begin = left->begin;
    node->end = right->end;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  QueryPtr ParseOr(int depth) {
    QueryPtr left = ParseAnd(depth);
    if (!left) return nullptr;
    while (Peek().kind == Kind::kOr) {
      Next();
      if (!StartsUnary(Peek().kind)) {
        return Fail(Peek().begin, "expected a term after 'OR', got " + Describe(Peek()));
      }
      QueryPtr right = ParseAnd(depth);
      if (!right) return nullptr;
      left = Combine(QueryNode::Kind::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  QueryPtr ParseAnd(int depth) {
    QueryPtr left = ParseNear(depth);
    if (!left) return nullptr;
    while (true) {
      Kind kind = Peek().kind;
      if (kind == Kind::kAnd) {
        Next();
        if (!StartsUnary(Peek().kind)) {
          return Fail(Peek().begin, "expected a term after 'AND', got " + Describe(Peek()));
        }
      } else if (!StartsUnary(kind)) {
        break;
      }
      QueryPtr right = ParseNear(depth);
      if (!right) return nullptr;
      left = Combine(QueryNode::Kind::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  QueryPtr ParseNear(int depth) {
    QueryPtr left = ParseUnary(depth);
    if (!left) return nullptr;
    while (Peek().kind == Kind::kNear) {
      const QueryToken& op = Next();
      if (!StartsUnary(Peek().kind)) {
        return Fail(Peek().begin,
                    "expected a term after '" + op.text + "', got " + Describe(Peek()));
      }
      QueryPtr right = ParseUnary(depth);
      if (!right) return nullptr;
      for (const QueryNode* side : {left.get(), right.get()}) {
        if (const QueryNode* bad = NotNearable(*side)) {
          return Fail(bad->begin, op.text + " takes words, phrases, aliases or OR-groups of them "
                                            "on each side, not " +
                                      NearOperandName(bad->kind));
        }
      }
      auto node = std::make_unique<QueryNode>();
      node->kind = QueryNode::Kind::kNear;
      node->distance = op.distance;
      node->begin = left->begin;
      node->end = right->end;
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  QueryPtr ParseUnary(int depth) {
    if (depth > kMaxQueryDepth) {
      return Fail(Peek().begin, "query nested too deep (more than " +
                                    std::to_string(kMaxQueryDepth) + " levels)");
    }
    const QueryToken& token = Peek();
    switch (token.kind) {
      case Kind::kNot:
      case Kind::kMinus: {
        const QueryToken& op = Next();
        if (!StartsUnary(Peek().kind)) {
          return Fail(Peek().begin,
                      "expected a term after " + Describe(op) + ", got " + Describe(Peek()));
        }
        QueryPtr child = ParseUnary(depth + 1);
        if (!child) return nullptr;
        auto node = std::make_unique<QueryNode>();
        node->kind = QueryNode::Kind::kNot;
        node->begin = op.begin;
        node->end = child->end;
        node->children.push_back(std::move(child));
        return node;
      }
      case Kind::kField: {
        const QueryToken& field = Next();
        if (!StartsUnary(Peek().kind) || Peek().kind == Kind::kField) {
          return Fail(Peek().begin,
                      "expected a term after '" + field.text + ":', got " + Describe(Peek()));
        }
        QueryPtr child = ParseUnary(depth + 1);
        if (!child) return nullptr;
        ApplyField(*child, ParseField(field.text));
        child->begin = field.begin;
        return child;
      }
      case Kind::kLeftParen: {
        const QueryToken& open = Next();
        if (Peek().kind == Kind::kRightParen) {
          return Fail(open.begin, "empty parentheses: put a term inside or remove them");
        }
        QueryPtr inner = ParseOr(depth + 1);
        if (!inner) return nullptr;
        if (Peek().kind != Kind::kRightParen) {
          related_offset_ = open.begin;
          return Fail(Peek().begin, "expected ')' to close '('");
        }
        const QueryToken& close = Next();
        inner->begin = open.begin;
        inner->end = close.end;
        return inner;
      }
      case Kind::kWord:
      case Kind::kPhrase:
        return ParseTerm(Next());
      case Kind::kRegex:
        return ParseRegex(Next());
      case Kind::kAlias:
        return ExpandAlias(Next());
      case Kind::kRightParen:
        return Fail(token.begin, "expected a term, got ')'");
      case Kind::kEnd:
        return Fail(token.begin, position_ == 0 ? "empty query" : "expected a term at the end");
      case Kind::kAnd:
      case Kind::kOr:
      case Kind::kNear:
        return Fail(token.begin, "expected a term before " + Describe(token));
    }
    return Fail(token.begin, "unexpected token");
  }

  std::string SourceText(const QueryToken& token) const {
    return std::string(query_.substr(static_cast<std::size_t>(token.begin),
                                     static_cast<std::size_t>(token.end - token.begin)));
  }

  QueryPtr ParseTerm(const QueryToken& token) {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNode::Kind::kTerm;
    node->begin = token.begin;
    node->end = token.end;
    node->source_text = SourceText(token);
    std::string text = token.text;
    if (token.kind == Kind::kPhrase) {
      node->quoted = true;
      node->prefix = token.prefix;
    } else {
      if (!text.empty() && text.back() == '*') {
        node->prefix = true;
        text.pop_back();
      }
      if (auto star = text.find('*'); star != std::string::npos) {
        return Fail(token.begin + static_cast<int>(star), "a wildcard '*' may only end a word");
      }
    }
    std::vector<std::string> folded = text::FoldedWords(text);
    if (folded.empty()) {
      if (text.empty() && node->prefix && !node->quoted) {
        return Fail(token.begin, "a lone '*' would match everything");
      }
      return Fail(token.begin, "'" + node->source_text + "' has no letters or digits to match");
    }
    node->words = MakeTermWords(folded, node->prefix);
    return node;
  }

  QueryPtr ParseRegex(const QueryToken& token) {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    auto regex = std::make_shared<RE2>(text::FoldRegexPattern(token.text), options);
    if (!regex->ok()) return Fail(token.begin, "invalid regex: " + regex->error());
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNode::Kind::kRegex;
    node->begin = token.begin;
    node->end = token.end;
    node->source_text = SourceText(token);
    node->pattern = token.text;
    node->regex = std::move(regex);
    return node;
  }

  QueryPtr ExpandAlias(const QueryToken& token) {
    const std::vector<AliasTerm>* terms = aliases_ ? aliases_->Find(token.text) : nullptr;
    if (terms == nullptr || terms->empty()) {
      return Fail(token.begin, "unknown alias '@" + token.text + "'");
    }
    QueryPtr result;
    for (const AliasTerm& term : *terms) {
      auto node = std::make_unique<QueryNode>();
      node->kind = QueryNode::Kind::kTerm;
      node->begin = token.begin;
      node->end = token.end;
      node->source_text = term.written;
      node->prefix = term.prefix;
      node->quoted = term.words.size() > 1;
      node->words = MakeTermWords(term.words, term.prefix);
      result = result ? Combine(QueryNode::Kind::kOr, std::move(result), std::move(node))
                      : std::move(node);
    }
    return result;
  }

  std::string_view query_;
  std::vector<QueryToken> tokens_;
  const AliasTable* aliases_;
  std::size_t position_ = 0;
  std::optional<QueryError> error_;
  int related_offset_ = -1;
};

}  // namespace

const char* FieldName(Field field) {
  switch (field) {
    case Field::kAny: return "";
    case Field::kTitle: return "title";
    case Field::kSummary: return "summary";
    case Field::kContent: return "content";
    case Field::kAuthor: return "author";
    case Field::kCategory: return "category";
    case Field::kFeed: return "feed";
    case Field::kLink: return "link";
  }
  return "";
}

std::vector<TermWord> MakeTermWords(const std::vector<std::string>& folded, bool prefix) {
  std::vector<TermWord> words;
  words.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    bool last = i + 1 == folded.size();
    words.push_back(TermWord{folded[i], text::WordHash(folded[i]),
                             (last && prefix) || text::HasHangul(folded[i])});
  }
  return words;
}

QueryParseResult ParseQuery(std::string_view query, const AliasTable* aliases) {
  std::vector<QueryToken> tokens;
  QueryError error;
  if (!LexQuery(query, tokens, error)) {
    QueryParseResult result;
    result.error = error;
    return result;
  }
  return Parser(query, std::move(tokens), aliases).Parse();
}

}  // namespace newsalert::match
