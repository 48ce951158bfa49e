#pragma once
// `faultc compile -t ansible FILE -o DIR`: a fleet file to the directory
// of an Ansible run (compiler/ansible/), written all or nothing.
#include "tools/faultc/compile_command.hpp"

namespace faultc::cli {

int run_compile_ansible(const CompileOptions& options);

// Whether DIR holds an earlier output of `-t ansible` (its site.yml starts
// with our header): the only non-empty directory -o may replace.
bool is_ansible_output(const std::string& dir);

}  // namespace faultc::cli
