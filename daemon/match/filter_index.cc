#include "match/filter_index.h"

#include <algorithm>
#include <optional>

#include "text/words.h"

namespace newsalert::match {
namespace {

// How many items an anchor is likely to select, relatively: short words are
// common (Zipf), and a prefix selects more than a word.
double AnchorCost(const Anchor& anchor) {
  std::size_t length = std::min<std::size_t>(anchor.text.size(), 8);
  double cost = static_cast<double>(1u << (8 - length));
  return anchor.prefix ? 4 * cost : cost;
}

double SetCost(const std::vector<Anchor>& anchors) {
  double cost = 0;
  for (const Anchor& anchor : anchors) cost += AnchorCost(anchor);
  return cost;
}

std::optional<std::vector<Anchor>> Anchors(const QueryNode& node) {
  switch (node.kind) {
    case QueryNode::Kind::kTerm: {
      const TermWord* best = nullptr;
      for (const TermWord& word : node.words) {
        if (best == nullptr || (best->prefix && !word.prefix) ||
            (best->prefix == word.prefix && word.text.size() > best->text.size())) {
          best = &word;
        }
      }
      if (best == nullptr) return std::nullopt;
      return std::vector<Anchor>{Anchor{best->text, best->prefix}};
    }
    case QueryNode::Kind::kOr: {
      std::vector<Anchor> all;
      for (const auto& child : node.children) {
        std::optional<std::vector<Anchor>> anchors = Anchors(*child);
        if (!anchors) return std::nullopt;
        all.insert(all.end(), anchors->begin(), anchors->end());
      }
      return all;
    }
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kNear: {
      std::optional<std::vector<Anchor>> best;
      double best_cost = 0;
      for (const auto& child : node.children) {
        std::optional<std::vector<Anchor>> anchors = Anchors(*child);
        if (!anchors) continue;
        double cost = SetCost(*anchors);
        if (!best || cost < best_cost) {
          best = std::move(anchors);
          best_cost = cost;
        }
      }
      return best;
    }
    case QueryNode::Kind::kNot:
    case QueryNode::Kind::kRegex:
      return std::nullopt;
  }
  return std::nullopt;
}

std::size_t RoundUpPowerOfTwo(std::size_t n) {
  std::size_t size = 1;
  while (size < n) size *= 2;
  return size;
}

}  // namespace

std::vector<Anchor> QueryAnchors(const QueryNode& query) {
  std::optional<std::vector<Anchor>> anchors = Anchors(query);
  return anchors ? std::move(*anchors) : std::vector<Anchor>{};
}

void FilterIndex::Table::Build(std::vector<std::pair<std::uint64_t, Posting>> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.filter < b.second.filter;
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
  short_prefix_lengths_ = 0;
  has_long_prefixes_ = false;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto filter = static_cast<std::uint32_t>(i);
    std::vector<Anchor> anchors = QueryAnchors(*queries[i]);
    if (anchors.empty()) {
      always_.push_back(filter);
      continue;
    }
    for (Anchor& anchor : anchors) {
      auto text = static_cast<std::uint32_t>(texts_.size());
      if (anchor.prefix) {
        std::size_t key = std::min(anchor.text.size(), kPrefixKey);
        if (key < kPrefixKey) {
          short_prefix_lengths_ |= 1u << key;
        } else {
          has_long_prefixes_ = true;
        }
        prefix.emplace_back(text::WordHash(std::string_view(anchor.text).substr(0, key)),
                            Posting{filter, text});
      } else {
        exact.emplace_back(text::WordHash(anchor.text), Posting{filter, text});
      }
      texts_.push_back(std::move(anchor.text));
    }
  }
  exact_.Build(std::move(exact));
  prefix_.Build(std::move(prefix));
}

void FilterIndex::Candidates(const MatchDocument& document,
                             std::vector<std::uint32_t>& out) const {
  for (const DistinctWord& distinct : document.distinct()) {
    std::uint64_t hash = distinct.hash;
    std::string_view word = distinct.folded();
    if (exact_.MayContain(hash)) {
      if (const Bucket* bucket = exact_.Find(hash)) {
        for (std::uint32_t p = bucket->begin; p < bucket->end; ++p) {
          const Posting& posting = exact_.postings[p];
          if (texts_[posting.text] == word) out.push_back(posting.filter);
        }
      }
    }
    auto probe_prefix = [&](std::size_t length) {
      std::uint64_t key = length == word.size() ? hash : text::WordHash(word.substr(0, length));
      if (!prefix_.MayContain(key)) return;
      const Bucket* bucket = prefix_.Find(key);
      if (bucket == nullptr) return;
      for (std::uint32_t p = bucket->begin; p < bucket->end; ++p) {
        const Posting& posting = prefix_.postings[p];
        if (word.substr(0, texts_[posting.text].size()) == texts_[posting.text]) {
          out.push_back(posting.filter);
        }
      }
    };
    if (has_long_prefixes_ && word.size() >= kPrefixKey) probe_prefix(kPrefixKey);
    for (std::uint32_t lengths = short_prefix_lengths_; lengths != 0; lengths &= lengths - 1) {
      auto length = static_cast<std::size_t>(__builtin_ctz(lengths));
      if (length <= word.size()) probe_prefix(length);
    }
  }
  out.insert(out.end(), always_.begin(), always_.end());
}

}  // namespace newsalert::match
