// The local names of feed elements the extractor knows, as small integers,
// so that each element is named once (one switch on its length) rather
// than compared with string after string.
#pragma once

#include <string_view>

namespace newsalert::feed {

enum class Name : unsigned char {
  kOther,
  kAbstract,
  kAuthor,
  kBody,
  kCategory,
  kChannel,
  kContent,
  kCreator,
  kDate,
  kDescription,
  kEmail,
  kEncoded,
  kEntry,
  kFullitem,
  kGroup,
  kGuid,
  kHomepage,
  kId,
  kIssued,
  kItem,
  kKeywords,
  kLastBuildDate,
  kLink,
  kManagingEditor,
  kModified,
  kName,
  kOrigLink,
  kOwner,
  kPubDate,
  kPublished,
  kSubject,
  kSubtitle,
  kSummary,
  kTagline,
  kTitle,
  kTtl,
  kUpdated,
  kUri,
  kUrl,
};

Name NameOf(std::string_view local);

}  // namespace newsalert::feed
