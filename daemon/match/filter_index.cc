#include "match/filter_index.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "text/words.h"

namespace newsalert::match {
namespace {

// Words so common in news text that a filter anchored on them would be
// evaluated for most items (English function words and the commonest news
// vocabulary). Only a cost hint: any choice of anchors is correct.
bool IsCommonWord(std::string_view word) {
  static const std::set<std::string_view> kCommon = {
      "a", "about", "after", "against", "all", "also", "an", "and", "are", "as", "at",
      "be", "been", "but", "by", "can", "could", "country", "day", "did", "do", "for",
      "foreign", "former", "from", "government", "had", "has", "have", "he", "her", "his",
      "i", "if", "in", "into", "is", "it", "its", "last", "local", "made", "minister",
      "more", "most", "new", "news", "no", "not", "of", "officials", "on", "one", "or",
      "other", "our", "over", "people", "percent", "police", "president", "prime", "said",
      "says", "she", "so", "state", "than", "that", "the", "their", "them", "there",
      "they", "this", "three", "time", "to", "two", "up", "us", "was", "we", "week",
      "were", "what", "when", "which", "while", "who", "will", "with", "world", "would",
      "year", "years", "you"};
  return kCommon.count(word) > 0;
}

// How many items an anchor is likely to select, relatively: short words are
// common (Zipf), and a prefix selects more than a word.
double AnchorCost(const Anchor& anchor) {
  std::size_t length = std::min<std::size_t>(anchor.text.size(), 8);
  double cost = static_cast<double>(1u << (8 - length));
  if (IsCommonWord(anchor.text)) cost *= 64;
  return anchor.prefix ? 4 * cost : cost;
}

double SetCost(const std::vector<Anchor>& anchors) {
  double cost = 0;
  for (const Anchor& anchor : anchors) cost += AnchorCost(anchor);
  return cost;
}

constexpr std::uint32_t kNoText = 0xFFFFFFFFu;

bool ByCost(const AnchorGroup& a, const AnchorGroup& b) { return SetCost(a) < SetCost(b); }

// The groups `node` requires, every one of them; nothing for NOT/regex.
std::vector<AnchorGroup> Groups(const QueryNode& node) {
  std::vector<AnchorGroup> groups;
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      for (const TermWord& word : node.words) groups.push_back({Anchor{word.text, word.prefix}});
      break;
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kNear:
      for (const auto& child : node.children) {
        std::vector<AnchorGroup> child_groups = Groups(*child);
        groups.insert(groups.end(), child_groups.begin(), child_groups.end());
      }
      break;
    case QueryNode::Kind::kOr: {
      // If the OR holds, one side holds and hits all of its groups; so any
      // choice of one group per side, merged, is hit. With few sides, take
      // every combination of each side's two best groups.
      std::vector<AnchorGroup> combined = {AnchorGroup{}};
      std::size_t per_side = node.children.size() <= 3 ? 2 : 1;
      for (const auto& child : node.children) {
        std::vector<AnchorGroup> child_groups = Groups(*child);
        if (child_groups.empty()) return {};
        std::stable_sort(child_groups.begin(), child_groups.end(), ByCost);
        child_groups.resize(std::min(child_groups.size(), per_side));
        std::vector<AnchorGroup> next;
        for (const AnchorGroup& left : combined) {
          for (const AnchorGroup& right : child_groups) {
            AnchorGroup merged = left;
            merged.insert(merged.end(), right.begin(), right.end());
            next.push_back(std::move(merged));
          }
        }
        combined = std::move(next);
      }
      groups = std::move(combined);
      break;
    }
    case QueryNode::Kind::kNot:
    case QueryNode::Kind::kRegex:
      break;
  }
  return groups;
}

std::size_t RoundUpPowerOfTwo(std::size_t n) {
  std::size_t size = 1;
  while (size < n) size *= 2;
  return size;
}

}  // namespace

std::vector<AnchorGroup> RequiredGroups(const QueryNode& query) {
  std::vector<AnchorGroup> groups = Groups(query);
  std::stable_sort(groups.begin(), groups.end(), ByCost);
  // The same word twice ("a NEAR/5 a", a phrase inside an AND with its
  // word) is one requirement.
  std::vector<AnchorGroup> kept;
  for (AnchorGroup& group : groups) {
    bool seen = std::any_of(kept.begin(), kept.end(), [&](const AnchorGroup& other) {
      return other.size() == group.size() &&
             std::equal(other.begin(), other.end(), group.begin(),
                        [](const Anchor& a, const Anchor& b) {
                          return a.text == b.text && a.prefix == b.prefix;
                        });
    });
    if (!seen) kept.push_back(std::move(group));
    if (kept.size() == kMaxGroups) break;
  }
  return kept;
}

void FilterIndex::Table::Build(std::vector<std::pair<std::uint64_t, Posting>> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second.text != b.second.text) return a.second.text < b.second.text;
    return a.second.filter_group < b.second.filter_group;
  });
  postings.clear();
  postings.reserve(entries.size());
  std::size_t keys = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].first != entries[i - 1].first) ++keys;
  }
  buckets.assign(RoundUpPowerOfTwo(std::max<std::size_t>(16, keys * 2)), Bucket{});
  // About 16 bits per key keeps false positives near 1 in 20 with one probe.
  std::size_t bits = RoundUpPowerOfTwo(std::max<std::size_t>(1024, keys * 16));
  bloom.assign(bits / 64, 0);
  bloom_mask = bits - 1;
  std::size_t mask = buckets.size() - 1;
  for (std::size_t i = 0; i < entries.size();) {
    std::uint64_t hash = entries[i].first;
    auto begin = static_cast<std::uint32_t>(postings.size());
    for (; i < entries.size() && entries[i].first == hash; ++i) {
      postings.push_back(entries[i].second);
    }
    std::size_t slot = hash & mask;
    while (buckets[slot].end != 0) slot = (slot + 1) & mask;
    buckets[slot] = Bucket{hash, begin, static_cast<std::uint32_t>(postings.size())};
    std::uint64_t bit = (hash >> 17) & bloom_mask;
    bloom[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

const FilterIndex::Bucket* FilterIndex::Table::Find(std::uint64_t hash) const {
  std::size_t mask = buckets.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Bucket& bucket = buckets[slot];
    if (bucket.end == 0) return nullptr;
    if (bucket.hash == hash) return &bucket;
  }
}

void FilterIndex::Build(const std::vector<const QueryNode*>& queries) {
  std::vector<std::pair<std::uint64_t, Posting>> exact;
  std::vector<std::pair<std::uint64_t, Posting>> prefix;
  texts_.clear();
  always_.clear();
  required_.assign(queries.size(), 0);
  short_prefix_lengths_ = 0;
  has_long_prefixes_ = false;
  // One text per distinct anchor, so that a bucket's postings share it and
  // Candidates compares it once.
  std::map<std::string, std::uint32_t, std::less<>> text_index;
  auto intern = [&](std::string text) {
    auto [it, added] = text_index.emplace(std::move(text), static_cast<std::uint32_t>(texts_.size()));
    if (added) texts_.push_back(it->first);
    return it->second;
  };
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto filter = static_cast<std::uint32_t>(i);
    std::vector<AnchorGroup> groups = RequiredGroups(*queries[i]);
    if (groups.empty()) {
      always_.push_back(filter);
      continue;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      auto bit = static_cast<std::uint8_t>(1u << g);
      required_[i] |= bit;
      std::uint32_t filter_group = filter << 2 | static_cast<std::uint32_t>(g);
      for (Anchor& anchor : groups[g]) {
        std::uint32_t text = intern(anchor.text);
        if (anchor.prefix) {
          std::size_t key = std::min(anchor.text.size(), kPrefixKey);
          if (key < kPrefixKey) {
            short_prefix_lengths_ |= 1u << key;
          } else {
            has_long_prefixes_ = true;
          }
          prefix.emplace_back(text::PrefixKeyHash(std::string_view(anchor.text).substr(0, key)),
                              Posting{filter_group, text});
        } else {
          exact.emplace_back(text::WordHash(anchor.text), Posting{filter_group, text});
        }
      }
    }
  }
  exact_.Build(std::move(exact));
  prefix_.Build(std::move(prefix));
}

void FilterIndex::Candidates(const MatchDocument& document, Scratch& scratch,
                             std::vector<std::uint32_t>& out) const {
  if (scratch.hits.size() < required_.size()) scratch.hits.resize(required_.size());
  // Without branches: a filter is appended when its mask goes from 0, else
  // overwritten next time (the slot past the end is always writable).
  std::size_t touched = 0;
  std::uint32_t* touched_filters = nullptr;
  auto reserve = [&](std::size_t more) {
    if (scratch.touched.size() < touched + more + 1) {
      scratch.touched.resize(2 * (touched + more + 1));
    }
    touched_filters = scratch.touched.data();
  };
  reserve(256);
  auto hit = [&](const Posting& posting) {
    std::uint32_t filter = posting.filter();
    std::uint8_t& mask = scratch.hits[filter];
    touched_filters[touched] = filter;
    touched += mask == 0;
    mask |= posting.group_bit();
  };
  for (const DistinctWord& distinct : document.distinct()) {
    std::uint64_t hash = distinct.hash;
    std::string_view word = distinct.folded();
    if (exact_.MayContain(hash)) {
      if (const Bucket* bucket = exact_.Find(hash)) {
        reserve(bucket->end - bucket->begin);
        // Postings are sorted by text: compare each text once.
        std::uint32_t checked = kNoText;
        bool same = false;
        for (std::uint32_t p = bucket->begin; p < bucket->end; ++p) {
          const Posting& posting = exact_.postings[p];
          if (posting.text != checked) {
            checked = posting.text;
            same = text::SameFolded(texts_[checked], word);
          }
          if (same) hit(posting);
        }
      }
    }
    auto probe_prefix = [&](std::size_t length) {
      std::uint64_t key = text::PrefixKeyHash(word.substr(0, length));
      if (!prefix_.MayContain(key)) return;
      const Bucket* bucket = prefix_.Find(key);
      if (bucket == nullptr) return;
      reserve(bucket->end - bucket->begin);
      std::uint32_t checked = kNoText;
      bool starts = false;
      for (std::uint32_t p = bucket->begin; p < bucket->end; ++p) {
        const Posting& posting = prefix_.postings[p];
        if (posting.text != checked) {
          checked = posting.text;
          const std::string& text = texts_[checked];
          starts = word.size() >= text.size() && word.compare(0, text.size(), text) == 0;
        }
        if (starts) hit(posting);
      }
    };
    if (has_long_prefixes_ && word.size() >= kPrefixKey) probe_prefix(kPrefixKey);
    for (std::uint32_t lengths = short_prefix_lengths_; lengths != 0; lengths &= lengths - 1) {
      auto length = static_cast<std::size_t>(__builtin_ctz(lengths));
      if (length <= word.size()) probe_prefix(length);
    }
  }
  std::size_t first = out.size();
  for (std::size_t t = 0; t < touched; ++t) {
    std::uint32_t filter = touched_filters[t];
    if (scratch.hits[filter] == required_[filter]) out.push_back(filter);
    scratch.hits[filter] = 0;
  }
  out.insert(out.end(), always_.begin(), always_.end());
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace newsalert::match
