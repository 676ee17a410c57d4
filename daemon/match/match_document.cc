#include "match/match_document.h"

#include "base/strings.h"

namespace newsalert::match {

void MatchDocument::Assign(const model::Item& item) {
  item_ = &item;
  auto set = [&](Field field, std::string text) {
    auto index = static_cast<std::size_t>(field);
    texts_[index] = std::move(text);
    fields_[index].Assign(texts_[index]);
  };
  set(Field::kTitle, item.title);
  set(Field::kSummary, item.summary);
  set(Field::kContent, item.content);
  // Several authors or categories: one per line, so that a phrase does not
  // run from one into the next... (the line break is a word separator, so a
  // phrase could still span two values; acceptable for names and tags).
  set(Field::kAuthor, Join(item.authors, "\n"));
  set(Field::kCategory, Join(item.categories, "\n"));
  std::vector<std::string> feed_words = item.feed_tags;
  feed_words.insert(feed_words.begin(), item.feed_name);
  set(Field::kFeed, Join(feed_words, "\n"));
  set(Field::kLink, item.link);
  texts_[static_cast<std::size_t>(Field::kAny)].clear();
  fields_[static_cast<std::size_t>(Field::kAny)].Clear();
}

}  // namespace newsalert::match
