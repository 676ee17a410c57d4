// Walks a subcommand's arguments one at a time, so that every subcommand
// accepts the same forms: "--name value", "--name=value", "-c value", and
// "--" ending the options (what follows is positional even if it starts
// with '-', e.g. a query "-football"). What an option means stays with the
// subcommand that reads it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace newsalert::app {

class ArgumentReader {
 public:
  explicit ArgumentReader(const std::vector<std::string>& args, std::size_t start = 0)
      : args_(args), next_(start) {}

  // Moves to the next argument; false when none is left. Skips the "--"
  // that ends the options.
  bool Next();

  // The current argument as given.
  const std::string& argument() const { return args_[current_]; }

  // Whether the current argument is an option: it starts with '-', is not
  // "-" alone (standard input, by convention), and no "--" came before it.
  bool IsOption() const;

  // The current option's name: "--base-url=x" -> "--base-url".
  const std::string& name() const { return name_; }

  // The current option's value: what follows '=', else the next argument
  // (consumed). nullopt when there is none.
  std::optional<std::string> Value();

 private:
  const std::vector<std::string>& args_;
  std::size_t next_;
  std::size_t current_ = 0;
  bool options_ended_ = false;
  std::string name_;
  std::optional<std::string> inline_value_;
};

}  // namespace newsalert::app
