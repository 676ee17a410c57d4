#include "match/query_printer.h"

namespace newsalert::match {
namespace {

std::string PrintTerm(const QueryNode& node) {
  std::string out;
  if (node.field != Field::kAny) {
    out += FieldName(node.field);
    out += ':';
  }
  if (node.words.size() == 1) {
    out += node.words[0];
  } else {
    out += '"';
    for (std::size_t i = 0; i < node.words.size(); ++i) {
      if (i > 0) out += ' ';
      out += node.words[i];
    }
    out += '"';
  }
  if (node.prefix) out += '*';
  return out;
}

}  // namespace

std::string PrintQuery(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      return PrintTerm(node);
    case QueryNode::Kind::kNot:
      return "NOT " + PrintQuery(*node.children[0]);
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr: {
      std::string out = "(";
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += node.kind == QueryNode::Kind::kAnd ? " AND " : " OR ";
        out += PrintQuery(*node.children[i]);
      }
      out += ")";
      return out;
    }
  }
  return "";
}

bool SameQuery(const QueryNode& a, const QueryNode& b) {
  if (a.kind != b.kind || a.children.size() != b.children.size()) return false;
  if (a.kind == QueryNode::Kind::kTerm) {
    return a.field == b.field && a.words == b.words && a.prefix == b.prefix;
  }
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    if (!SameQuery(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

}  // namespace newsalert::match
