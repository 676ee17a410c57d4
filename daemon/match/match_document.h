// MatchDocument: an item's text split into folded words per field, built
// once per item whatever the number of filters.
#pragma once

#include <array>

#include "match/query.h"
#include "model/item.h"
#include "text/words.h"

namespace newsalert::match {

class MatchDocument {
 public:
  // Tokenises every field of `item`. `item` must outlive this document.
  void Assign(const model::Item& item);

  const text::WordList& words(Field field) const {
    return fields_[static_cast<std::size_t>(field)];
  }
  // The text the words of `field` were taken from.
  std::string_view text(Field field) const {
    return texts_[static_cast<std::size_t>(field)];
  }
  const model::Item& item() const { return *item_; }

 private:
  const model::Item* item_ = nullptr;
  std::array<std::string, kFieldCount> texts_;
  std::array<text::WordList, kFieldCount> fields_;
};

}  // namespace newsalert::match
