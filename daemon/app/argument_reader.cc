#include "app/argument_reader.h"

#include <utility>

namespace newsalert::app {

bool ArgumentReader::Next() {
  if (next_ < args_.size() && !options_ended_ && args_[next_] == "--") {
    options_ended_ = true;
    ++next_;
  }
  if (next_ >= args_.size()) return false;
  current_ = next_++;
  name_ = args_[current_];
  inline_value_.reset();
  if (IsOption() && name_.rfind("--", 0) == 0) {
    if (auto eq = name_.find('='); eq != std::string::npos) {
      inline_value_ = name_.substr(eq + 1);
      name_.resize(eq);
    }
  }
  return true;
}

bool ArgumentReader::IsOption() const {
  const std::string& arg = args_[current_];
  return !options_ended_ && arg.size() > 1 && arg[0] == '-';
}

std::optional<std::string> ArgumentReader::Value() {
  if (inline_value_) return std::exchange(inline_value_, std::nullopt);
  if (next_ < args_.size()) return args_[next_++];
  return std::nullopt;
}

}  // namespace newsalert::app
