#include "match/match_document.h"

#include <algorithm>

namespace newsalert::match {
namespace {

// Joins values with "\n" into `out`, tokenising each as a value of its own.
void AssignValues(const std::vector<std::string>& values, std::string& out,
                  text::WordList& list) {
  out.clear();
  list.Clear();
  for (const std::string& value : values) {
    if (!out.empty()) out += '\n';
    std::size_t base = out.size();
    out += value;
    list.Append(value, static_cast<std::uint32_t>(base));
  }
}

// Fields whose words are stored, in id order.
constexpr Field kStoredFields[] = {Field::kTitle,    Field::kSummary, Field::kContent,
                                   Field::kAuthor,   Field::kCategory, Field::kFeed,
                                   Field::kLink};

}  // namespace

void MatchDocument::Assign(const model::Item& item, FieldMask fields) {
  item_ = &item;
  auto set = [&](Field field, std::string_view text) {
    texts_[Index(field)] = text;
    lists_[Index(field)].Assign(text);
  };
  set(Field::kTitle, item.title);
  set(Field::kSummary, item.summary);
  set(Field::kContent, item.content);
  auto wanted = [&](Field field) {
    bool yes = (fields & FieldBit(field)) != 0;
    if (!yes) {
      texts_[Index(field)] = {};
      lists_[Index(field)].Clear();
    }
    return yes;
  };
  if (wanted(Field::kLink)) set(Field::kLink, item.link);
  if (wanted(Field::kAuthor)) {
    AssignValues(item.authors, joined_[0], lists_[Index(Field::kAuthor)]);
    texts_[Index(Field::kAuthor)] = joined_[0];
  }
  if (wanted(Field::kCategory)) {
    AssignValues(item.categories, joined_[1], lists_[Index(Field::kCategory)]);
    texts_[Index(Field::kCategory)] = joined_[1];
  }
  if (wanted(Field::kFeed)) {
    // The feed's name and each tag are values of the feed field.
    text::WordList& feed = lists_[Index(Field::kFeed)];
    feed.Clear();
    joined_[2] = item.feed_name;
    feed.Append(item.feed_name, 0);
    for (const std::string& tag : item.feed_tags) {
      joined_[2] += '\n';
      std::size_t base = joined_[2].size();
      joined_[2] += tag;
      feed.Append(tag, static_cast<std::uint32_t>(base));
    }
    texts_[Index(Field::kFeed)] = joined_[2];
  }
  texts_[Index(Field::kAny)] = {};
  lists_[Index(Field::kAny)].Clear();
  folded_built_.fill(false);
  prefix_built_ = false;
  BuildIndex();
}

void MatchDocument::BuildIndex() {
  std::uint32_t total = 0;
  for (std::size_t f = 0; f < static_cast<std::size_t>(kFieldCount); ++f) {
    base_[f] = total;
    total += static_cast<std::uint32_t>(lists_[f].size());
  }
  base_[kFieldCount] = total;
  next_.resize(total);
  // Written by index: push_back's checks showed in profiles.
  if (distinct_.size() < total) distinct_.resize(total);
  std::uint32_t distinct_count = 0;
  std::uint32_t capacity = 64;
  while (capacity < 2 * total) capacity *= 2;
  if (slots_.size() < capacity) slots_.resize(capacity);
  mask_ = capacity - 1;
  std::fill(slots_.begin(), slots_.begin() + capacity, 0);

  for (Field field : kStoredFields) {
    const text::WordList& list = lists_[Index(field)];
    std::span<const text::Word> words = list.words();
    std::uint32_t id = base_[Index(field)];
    for (std::size_t i = 0; i < words.size(); ++i, ++id) {
      next_[id] = kNone;
      std::uint64_t hash = words[i].hash;
      std::string_view folded = list.folded(i);
      std::uint32_t slot = static_cast<std::uint32_t>(hash) & mask_;
      while (true) {
        std::uint32_t entry = slots_[slot];
        if (entry == 0) {
          distinct_[distinct_count++] = DistinctWord{
              hash, folded.data(), static_cast<std::uint32_t>(folded.size()), id, id};
          slots_[slot] = distinct_count;
          break;
        }
        DistinctWord& word = distinct_[entry - 1];
        // Both words are in WordList buffers, which are padded.
        if (word.hash == hash && word.length == folded.size() &&
            text::PaddedSameFolded(word.text, folded.data(), folded.size())) {
          next_[word.last] = id;
          word.last = id;
          break;
        }
        slot = (slot + 1) & mask_;
      }
    }
  }
  distinct_count_ = distinct_count;
}

std::uint32_t MatchDocument::Find(std::uint64_t hash, std::string_view folded) const {
  std::uint32_t slot = static_cast<std::uint32_t>(hash) & mask_;
  while (true) {
    std::uint32_t entry = slots_[slot];
    if (entry == 0) return kNone;
    const DistinctWord& word = distinct_[entry - 1];
    if (word.hash == hash && text::SameFolded(word.folded(), folded)) return word.first;
    slot = (slot + 1) & mask_;
  }
}

void MatchDocument::BuildPrefixBuckets() const {
  if (prefix_built_) return;
  std::size_t capacity = 16;
  while (capacity < distinct_count_) capacity *= 2;
  prefix_heads_.assign(capacity, 0);
  prefix_next_.resize(distinct_count_);
  auto mask = static_cast<std::uint32_t>(capacity - 1);
  for (std::size_t i = 0; i < distinct_count_; ++i) {
    const DistinctWord& word = distinct_[i];
    if (word.length < kPrefixKey) continue;  // No prefix of kPrefixKey bytes to find.
    std::uint64_t key = text::PrefixKeyHash(std::string_view(word.text, kPrefixKey));
    std::uint32_t& head = prefix_heads_[static_cast<std::uint32_t>(key) & mask];
    prefix_next_[i] = head;
    head = static_cast<std::uint32_t>(i + 1);
  }
  prefix_built_ = true;
}

void MatchDocument::BuildFolded(std::size_t field) const {
  if (folded_built_[field]) return;
  if (field == Index(Field::kAny)) {
    std::string& all = folded_[field];
    all.clear();
    for (Field part : {Field::kTitle, Field::kSummary, Field::kContent}) {
      if (part != Field::kTitle) all += '\n';
      all += FoldedText(part);
    }
  } else {
    folded_[field] = lists_[field].FoldedText(texts_[field], &folded_offsets_[field]);
  }
  folded_built_[field] = true;
}

std::string_view MatchDocument::FoldedText(Field field) const {
  BuildFolded(Index(field));
  return folded_[Index(field)];
}

std::optional<MatchLocation> MatchDocument::LocateFolded(Field field, std::size_t offset) const {
  if (field == Field::kAny) {
    for (Field part : {Field::kTitle, Field::kSummary, Field::kContent}) {
      std::size_t size = FoldedText(part).size();
      if (offset <= size) {
        if (auto location = LocateFolded(part, offset)) return location;
        offset = 0;  // Only separators left in this part: the next part's start.
        continue;
      }
      offset -= size + 1;
    }
    return std::nullopt;
  }
  BuildFolded(Index(field));
  const std::vector<std::uint32_t>& offsets = folded_offsets_[Index(field)];
  const text::WordList& list = lists_[Index(field)];
  // The last word starting at or before `offset`, if it reaches it; else
  // the next word.
  auto after = std::upper_bound(offsets.begin(), offsets.end(), offset);
  std::size_t index = static_cast<std::size_t>(after - offsets.begin());
  if (index > 0 && offsets[index - 1] + list.word(index - 1).folded_length > offset) --index;
  if (index >= list.size()) return std::nullopt;
  return MatchLocation{field, index};
}

}  // namespace newsalert::match
