#include "match/query_printer.h"

namespace newsalert::match {
namespace {

std::string FieldPrefix(Field field) {
  std::string out;
  if (field != Field::kAny) {
    out = FieldName(field);
    out += ':';
  }
  return out;
}

std::string PrintTerm(const QueryNode& node) {
  std::string out = FieldPrefix(node.field);
  if (node.words.size() == 1) {
    out += node.words[0].text;
  } else {
    out += '"';
    for (std::size_t i = 0; i < node.words.size(); ++i) {
      if (i > 0) out += ' ';
      out += node.words[i].text;
    }
    out += '"';
  }
  if (node.prefix) out += '*';
  return out;
}

void Print(const QueryNode& node, std::string& out) {
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      out += PrintTerm(node);
      return;
    case QueryNode::Kind::kRegex:
      out += FieldPrefix(node.field);
      out += '/';
      out += node.pattern;
      out += '/';
      return;
    case QueryNode::Kind::kNot:
      out += "NOT ";
      Print(*node.children[0], out);
      return;
    case QueryNode::Kind::kNear:
      out += '(';
      Print(*node.children[0], out);
      out += " NEAR/";
      out += std::to_string(node.distance);
      out += ' ';
      Print(*node.children[1], out);
      out += ')';
      return;
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr:
      out += '(';
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += node.kind == QueryNode::Kind::kAnd ? " AND " : " OR ";
        Print(*node.children[i], out);
      }
      out += ')';
      return;
  }
}

}  // namespace

std::string PrintQuery(const QueryNode& node) {
  std::string out;
  Print(node, out);
  return out;
}

bool SameQuery(const QueryNode& a, const QueryNode& b) {
  if (a.kind != b.kind || a.children.size() != b.children.size()) return false;
  switch (a.kind) {
    case QueryNode::Kind::kTerm:
      if (a.field != b.field || a.prefix != b.prefix || a.words.size() != b.words.size()) {
        return false;
      }
      for (std::size_t i = 0; i < a.words.size(); ++i) {
        if (a.words[i].text != b.words[i].text || a.words[i].prefix != b.words[i].prefix ||
            a.words[i].hash != b.words[i].hash) {
          return false;
        }
      }
      return true;
    case QueryNode::Kind::kRegex:
      return a.field == b.field && a.pattern == b.pattern;
    case QueryNode::Kind::kNear:
      if (a.distance != b.distance) return false;
      break;
    default:
      break;
  }
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    if (!SameQuery(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

}  // namespace newsalert::match
