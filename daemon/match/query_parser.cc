#include "match/query_parser.h"

#include "text/words.h"

namespace newsalert::match {
namespace {

const char* Describe(const QueryToken& token) {
  switch (token.kind) {
    case QueryToken::Kind::kWord: return "a word";
    case QueryToken::Kind::kPhrase: return "a phrase";
    case QueryToken::Kind::kField: return "a field";
    case QueryToken::Kind::kAnd: return "'AND'";
    case QueryToken::Kind::kOr: return "'OR'";
    case QueryToken::Kind::kNot: return "'NOT'";
    case QueryToken::Kind::kMinus: return "'-'";
    case QueryToken::Kind::kLeftParen: return "'('";
    case QueryToken::Kind::kRightParen: return "')'";
    case QueryToken::Kind::kEnd: return "the end of the query";
  }
  return "a token";
}

class Parser {
 public:
  Parser(std::string_view query, std::vector<QueryToken> tokens)
      : query_(query), tokens_(std::move(tokens)) {}

  QueryParseResult Parse() {
    QueryParseResult result;
    QueryPtr root = ParseOr(0);
    if (root && Peek().kind != QueryToken::Kind::kEnd) {
      if (Peek().kind == QueryToken::Kind::kRightParen) {
        Fail(Peek().begin, "unexpected ')' without a matching '('");
      } else {
        Fail(Peek().begin, std::string("unexpected ") + Describe(Peek()));
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

  bool StartsUnary(QueryToken::Kind kind) const {
    return kind == QueryToken::Kind::kWord || kind == QueryToken::Kind::kPhrase ||
           kind == QueryToken::Kind::kField || kind == QueryToken::Kind::kNot ||
           kind == QueryToken::Kind::kMinus || kind == QueryToken::Kind::kLeftParen;
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
    while (Peek().kind == QueryToken::Kind::kOr) {
      const QueryToken& op = Next();
      if (!StartsUnary(Peek().kind)) {
        return Fail(Peek().begin, std::string("expected a term after 'OR', got ") +
                                      Describe(Peek()));
      }
      (void)op;
      QueryPtr right = ParseAnd(depth);
      if (!right) return nullptr;
      left = Combine(QueryNode::Kind::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  QueryPtr ParseAnd(int depth) {
    QueryPtr left = ParseUnary(depth);
    if (!left) return nullptr;
    while (true) {
      QueryToken::Kind kind = Peek().kind;
      if (kind == QueryToken::Kind::kAnd) {
        Next();
        if (!StartsUnary(Peek().kind)) {
          return Fail(Peek().begin, std::string("expected a term after 'AND', got ") +
                                        Describe(Peek()));
        }
      } else if (!StartsUnary(kind)) {
        break;
      }
      QueryPtr right = ParseUnary(depth);
      if (!right) return nullptr;
      left = Combine(QueryNode::Kind::kAnd, std::move(left), std::move(right));
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
      case QueryToken::Kind::kNot:
      case QueryToken::Kind::kMinus: {
        const QueryToken& op = Next();
        if (!StartsUnary(Peek().kind)) {
          return Fail(Peek().begin, std::string("expected a term after ") + Describe(op) +
                                        ", got " + Describe(Peek()));
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
      case QueryToken::Kind::kField: {
        const QueryToken& field = Next();
        if (!StartsUnary(Peek().kind) || Peek().kind == QueryToken::Kind::kField) {
          return Fail(Peek().begin, "expected a term after '" + field.text + ":', got " +
                                        Describe(Peek()));
        }
        QueryPtr child = ParseUnary(depth + 1);
        if (!child) return nullptr;
        ApplyField(*child, ParseField(field.text));
        child->begin = field.begin;
        return child;
      }
      case QueryToken::Kind::kLeftParen: {
        const QueryToken& open = Next();
        if (Peek().kind == QueryToken::Kind::kRightParen) {
          return Fail(open.begin, "empty parentheses: put a term inside or remove them");
        }
        QueryPtr inner = ParseOr(depth + 1);
        if (!inner) return nullptr;
        if (Peek().kind != QueryToken::Kind::kRightParen) {
          related_offset_ = open.begin;
          return Fail(Peek().begin, "expected ')' to close '('");
        }
        const QueryToken& close = Next();
        inner->begin = open.begin;
        inner->end = close.end;
        return inner;
      }
      case QueryToken::Kind::kWord:
      case QueryToken::Kind::kPhrase:
        return ParseTerm(Next());
      case QueryToken::Kind::kRightParen:
        return Fail(token.begin, "expected a term, got ')'");
      case QueryToken::Kind::kEnd:
        return Fail(token.begin, position_ == 0 ? "empty query" : "expected a term at the end");
      case QueryToken::Kind::kAnd:
      case QueryToken::Kind::kOr:
        return Fail(token.begin, std::string("expected a term before ") + Describe(token));
    }
    return Fail(token.begin, "unexpected token");
  }

  QueryPtr ParseTerm(const QueryToken& token) {
    auto node = std::make_unique<QueryNode>();
    node->kind = QueryNode::Kind::kTerm;
    node->begin = token.begin;
    node->end = token.end;
    node->source_text = std::string(query_.substr(static_cast<std::size_t>(token.begin),
                                                  static_cast<std::size_t>(token.end - token.begin)));
    std::string text = token.text;
    if (token.kind == QueryToken::Kind::kPhrase) {
      node->quoted = true;
      node->prefix = token.prefix;
    } else {
      if (!text.empty() && text.back() == '*') {
        node->prefix = true;
        text.pop_back();
      }
      if (auto star = text.find('*'); star != std::string::npos) {
        return Fail(token.begin + static_cast<int>(star),
                    "a wildcard '*' may only end a word");
      }
    }
    node->words = text::FoldedWords(text);
    if (node->words.empty()) {
      if (text.empty() && node->prefix) {
        return Fail(token.begin, "a lone '*' would match everything");
      }
      return Fail(token.begin, "'" + node->source_text + "' has no letters or digits to match");
    }
    return node;
  }

  static Field ParseField(std::string_view name) {
    if (name == "title") return Field::kTitle;
    if (name == "summary") return Field::kSummary;
    if (name == "content") return Field::kContent;
    if (name == "author") return Field::kAuthor;
    if (name == "category") return Field::kCategory;
    if (name == "feed") return Field::kFeed;
    return Field::kLink;
  }

  // A field applies to every term below it that has none of its own.
  static void ApplyField(QueryNode& node, Field field) {
    if (node.kind == QueryNode::Kind::kTerm) {
      if (node.field == Field::kAny) node.field = field;
      return;
    }
    for (auto& child : node.children) ApplyField(*child, field);
  }

  std::string_view query_;
  std::vector<QueryToken> tokens_;
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

QueryParseResult ParseQuery(std::string_view query) {
  std::vector<QueryToken> tokens;
  QueryError error;
  if (!LexQuery(query, tokens, error)) {
    QueryParseResult result;
    result.error = error;
    return result;
  }
  return Parser(query, std::move(tokens)).Parse();
}

}  // namespace newsalert::match
