#include "text/html_text_gumbo.h"

#include <gumbo.h>

#include <vector>

#include "base/strings.h"
#include "text/html_elements.h"
#include "text/html_text_sink.h"

namespace newsalert::text {
namespace {

ElementKind KindOf(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) {
    return ClassifyElement(gumbo_normalized_tagname(element.tag));
  }
  GumboStringPiece name = element.original_tag;
  gumbo_tag_from_original_text(&name);
  return ClassifyElement(ToLowerAscii(std::string_view(name.data, name.length)));
}

}  // namespace

std::string HtmlToTextGumbo(std::string_view html) {
  std::string out;
  GumboOutput* output =
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  TextSink sink(out);
  // Iterative walk: (node, next child index); blocks break on entry and exit.
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
  };
  std::vector<Frame> stack = {{output->root, 0}};
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboNode* node = frame.node;
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
        node->type != GUMBO_NODE_TEMPLATE) {
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        sink.Text(node->v.text.text);
      }
      stack.pop_back();
      continue;
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    ElementKind kind =
        node->type == GUMBO_NODE_DOCUMENT ? ElementKind::kInline : KindOf(node->v.element);
    if (frame.next_child == 0 && kind == ElementKind::kBlock) sink.Break();
    if (kind == ElementKind::kSkipContent || frame.next_child >= children.length) {
      if (kind == ElementKind::kBlock) sink.Break();
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
    stack.push_back({child, 0});
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return out;
}

}  // namespace newsalert::text
